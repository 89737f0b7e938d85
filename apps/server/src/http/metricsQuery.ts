import type { Result } from '@liveprop/core';
import { readQuery } from './queryParams.js';

/** Buckets `metrics.json` answers when `points` is absent ([R23]). */
export const DEFAULT_HISTORY_POINTS = 1000;
/** Most buckets one `metrics.json` answer may ask for ([R23]). */
export const MAX_HISTORY_POINTS = 5000;

/** Epochs `from..to` of a metrics export; `to` null means "the last epoch". */
export interface EpochRange {
  from: number;
  to: number | null;
}

/** The parameters of `GET /api/sessions/:id/metrics.json`. */
export interface MetricsQuery extends EpochRange {
  points: number;
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

/** Reads `from` and `to` (both inclusive, `to` at least `from`) from an untrusted query string. */
function parseEpochRange(params: URLSearchParams): Result<EpochRange> {
  const from = integerParam(params, 'from', 0, Number.MAX_SAFE_INTEGER);
  if (!from.ok) return from;
  const to = integerParam(params, 'to', 0, Number.MAX_SAFE_INTEGER);
  if (!to.ok) return to;
  const first = from.value ?? 0;
  if (to.value !== null && to.value < first) {
    return { ok: false, code: 'invalid_field', message: `"to" must be at least "from" (${first}), got ${to.value}` };
  }
  return { ok: true, value: { from: first, to: to.value } };
}

/** Reads `points`, `from` and `to` of `metrics.json` from an untrusted URL; a bad one is named with its allowed range. */
export function parseMetricsQuery(url: string | undefined): Result<MetricsQuery> {
  const params = readQuery(url, 'metrics.json', ['points', 'from', 'to']);
  if (!params.ok) return params;
  const points = integerParam(params.value, 'points', 1, MAX_HISTORY_POINTS);
  if (!points.ok) return points;
  const range = parseEpochRange(params.value);
  if (!range.ok) return range;
  return { ok: true, value: { points: points.value ?? DEFAULT_HISTORY_POINTS, ...range.value } };
}

/** Reads `from` and `to` of `metrics.csv` from an untrusted URL, as {@link parseMetricsQuery} does. */
export function parseCsvQuery(url: string | undefined): Result<EpochRange> {
  const params = readQuery(url, 'metrics.csv', ['from', 'to']);
  return params.ok ? parseEpochRange(params.value) : params;
}
