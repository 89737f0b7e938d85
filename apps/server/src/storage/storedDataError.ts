/** Stored bytes that do not decode (a damaged chunk, unparsable JSON): reported as `corrupt`, never thrown out of the store. */
export class StoredDataError extends Error {
  override name = 'StoredDataError';
}

/** `JSON.parse` for text this store wrote; damage surfaces as `StoredDataError`. */
export function parseStoredJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new StoredDataError(`expected JSON in ${what}, got unparsable text (${(err as Error).message})`);
  }
}
