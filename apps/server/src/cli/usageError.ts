/** A command-line mistake: the flag it concerns and what is wrong, printed with the usage hint and exit code 2. */
export interface UsageError {
  ok: false;
  flag: string;
  message: string;
}

export type CliResult<T> = { ok: true; value: T } | UsageError;

export function usageError(flag: string, message: string): UsageError {
  return { ok: false, flag, message };
}
