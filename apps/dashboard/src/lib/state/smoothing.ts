import type { SeriesPoint } from './seriesKeys.js';

/**
 * Exponential moving average with TensorBoard's debiasing, so the first points are not pulled towards zero.
 * `weight` 0 returns the input unchanged; 0.99 is very smooth.
 */
export function smoothSeries(points: readonly SeriesPoint[], weight: number): SeriesPoint[] {
  if (weight <= 0) return points.slice();
  const w = Math.min(weight, 0.999);
  const out: SeriesPoint[] = new Array(points.length);
  let last = 0;
  let debias = 1;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    last = last * w + (1 - w) * p.y;
    debias *= w;
    out[i] = { x: p.x, y: last / (1 - debias) };
  }
  return out;
}
