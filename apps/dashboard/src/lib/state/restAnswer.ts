import { parseRest, restErrorSchema, type RestResult, type RestSchema } from '@liveprop/protocol';

export type Fetched<T> = RestResult<T>;
export type Refused = Extract<RestResult<never>, { ok: false }>;

/** Why a request was refused: the server's `{error:{code, message}}`, or the HTTP status when the body is not one. */
export async function readRestError(res: Response): Promise<Refused> {
  const body: unknown = await res.json().catch(() => null);
  const parsed = restErrorSchema.safeParse(body);
  if (parsed.success) return { ok: false, ...parsed.data.error };
  return { ok: false, code: `http_${res.status}`, message: `the server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}` };
}

/** A successful answer's body read with protocol's `schema` (a malformed one is an error, not a guess), or the refusal. */
export async function readRestAnswer<T>(res: Response, schema: RestSchema<T>): Promise<Fetched<T>> {
  if (!res.ok) return readRestError(res);
  return parseRest(schema, await res.json().catch(() => null), 'invalid_answer');
}
