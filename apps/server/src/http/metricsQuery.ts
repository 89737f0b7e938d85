import type { Result } from '@liveprop/core';

/** Buckets `metrics.json` answers when `points` is absent ([R23]). */
export const DEFAULT_HISTORY_POINTS = 1000;
/** Most buckets one `metrics.json` answer may ask for ([R23]). */
export const MAX_HISTORY_POINTS = 5000;

/** The parameters of `GET /api/sessions/:id/metrics.json`; `to` null means "the last epoch". */
export interface MetricsQuery {
  points: number;
  from: number;
  to: number | null;
}

/** An optional integer query parameter in `min..max`; a bad one is named with its allowed range. */
export function integerParam(params: URLSearchParams, name: string, min: number, max: number): Result<number | null> {
  const raw = params.get(name);
  if (raw === null) return { ok: true, value: null };
  const value = /^\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    return { ok: false, code: 'invalid_field', message: `"${name}" must be an integer from ${min} to ${max}, got ${JSON.stringify(raw.slice(0, 40))}` };
  }
  return { ok: true, value };
}

/** Reads `points`, `from` and `to` from an untrusted query string; a bad one is named with its allowed range. */
export function parseMetricsQuery(params: URLSearchParams): Result<MetricsQuery> {
  const points = integerParam(params, 'points', 1, MAX_HISTORY_POINTS);
  if (!points.ok) return points;
  const from = integerParam(params, 'from', 0, Number.MAX_SAFE_INTEGER);
  if (!from.ok) return from;
  const to = integerParam(params, 'to', 0, Number.MAX_SAFE_INTEGER);
  if (!to.ok) return to;
  const first = from.value ?? 0;
  if (to.value !== null && to.value < first) {
    return { ok: false, code: 'invalid_field', message: `"to" must be at least "from" (${first}), got ${to.value}` };
  }
  return { ok: true, value: { points: points.value ?? DEFAULT_HISTORY_POINTS, from: first, to: to.value } };
}
