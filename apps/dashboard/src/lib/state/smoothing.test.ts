import { describe, expect, it } from 'vitest';
import { smoothSeries } from './smoothing.js';

describe('smoothSeries', () => {
  it('returns the input unchanged at weight 0', () => {
    const pts = [{ x: 0, y: 1 }, { x: 1, y: 3 }];
    expect(smoothSeries(pts, 0)).toEqual(pts);
  });

  it('is debiased: a constant series stays constant', () => {
    const pts = Array.from({ length: 20 }, (_, x) => ({ x, y: 2 }));
    for (const p of smoothSeries(pts, 0.9)) expect(p.y).toBeCloseTo(2, 12);
  });

  it('damps an alternating series', () => {
    const pts = Array.from({ length: 200 }, (_, x) => ({ x, y: x % 2 }));
    const last = smoothSeries(pts, 0.95).at(-1)!;
    expect(Math.abs(last.y - 0.5)).toBeLessThan(0.05);
  });
});
