import { describe, expect, it } from 'vitest';
import { mergeDetail } from './mergeDetail.js';

const pts = (...xs: number[]) => xs.map((x) => ({ x, y: x }));

describe('mergeDetail', () => {
  it('swaps the coarse points inside the range for the detailed ones', () => {
    const merged = mergeDetail(pts(0, 10, 20, 30, 40), pts(11, 12, 13, 19), 10, 20);
    expect(merged.map((p) => p.x)).toEqual([0, 11, 12, 13, 19, 30, 40]);
  });

  it('leaves the base alone when there is no detail', () => {
    expect(mergeDetail(pts(1, 2), [], 0, 5).map((p) => p.x)).toEqual([1, 2]);
  });
});
