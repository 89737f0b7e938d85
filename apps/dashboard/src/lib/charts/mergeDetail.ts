import type { SeriesPoint } from '../state/seriesKeys.js';

/**
 * Replaces the points of `base` that fall inside `[from, to]` with `detail` (the server's full-resolution
 * answer for a zoomed range), keeping order. Both inputs are sorted by x.
 */
export function mergeDetail(base: readonly SeriesPoint[], detail: readonly SeriesPoint[], from: number, to: number): SeriesPoint[] {
  if (detail.length === 0) return base.slice();
  const out: SeriesPoint[] = [];
  let i = 0;
  while (i < base.length && base[i]!.x < from) out.push(base[i++]!);
  for (const p of detail) out.push(p);
  while (i < base.length && base[i]!.x <= to) i++;
  while (i < base.length) out.push(base[i++]!);
  return out;
}
