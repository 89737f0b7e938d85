import type { Result } from '@liveprop/core';

/**
 * The query string of `url` when it names only parameters `endpoint` reads, each once ([R41]): a typo (`form` for
 * `from`) or a repeat would otherwise be ignored without a word. An unknown one is told before a repeated one.
 */
export function readQuery(url: string | undefined, endpoint: string, reads: readonly string[]): Result<URLSearchParams> {
  const params = new URL(url ?? '/', 'http://localhost').searchParams;
  const known = reads.length === 0 ? `${endpoint} reads no query parameters` : `${endpoint} reads ${reads.join(', ')}`;
  const counts = new Map<string, number>();
  for (const name of params.keys()) {
    if (!reads.includes(name)) {
      return { ok: false, code: 'invalid_field', message: `unknown query parameter ${JSON.stringify(name.slice(0, 40))}; ${known}` };
    }
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  for (const [name, times] of counts) {
    if (times > 1) return { ok: false, code: 'invalid_field', message: `query parameter "${name}" given ${times} times; ${known}, each once` };
  }
  return { ok: true, value: params };
}
