import { describe, expect, it } from 'vitest';
import { adamUpdate } from './adam.js';
import { momentumUpdate } from './momentum.js';
import { sgdUpdate } from './sgd.js';

describe('optimizer updates', () => {
  it('SGD moves against the gradient by lr·g', () => {
    const p = Float64Array.from([1, -1]);
    sgdUpdate(p, Float64Array.from([0.5, -2]), 2, 0.1);
    expect(Array.from(p)).toEqual([0.95, -0.8]);
  });

  it('momentum accumulates velocity; Nesterov looks one step ahead', () => {
    const p = Float64Array.from([0]);
    const v = new Float64Array(1);
    momentumUpdate(p, Float64Array.from([1]), v, 1, 0.1, 0.9, false);
    momentumUpdate(p, Float64Array.from([1]), v, 1, 0.1, 0.9, false);
    expect(v[0]).toBeCloseTo(1.9, 15);
    expect(p[0]).toBeCloseTo(-0.29, 15);
    const q = Float64Array.from([0]);
    const u = new Float64Array(1);
    momentumUpdate(q, Float64Array.from([1]), u, 1, 0.1, 0.9, true);
    expect(q[0]).toBeCloseTo(-0.19, 15);
  });

  it("Adam's first bias-corrected step is lr·sign(g) whatever the gradient's size", () => {
    const p = Float64Array.from([0, 0, 0]);
    const m = new Float64Array(3);
    const v = new Float64Array(3);
    adamUpdate(p, Float64Array.from([1e-3, -5, 200]), m, v, 3, 0.01, 0.9, 0.999, 1e-12, 1);
    expect(p[0]).toBeCloseTo(-0.01, 8);
    expect(p[1]).toBeCloseTo(0.01, 8);
    expect(p[2]).toBeCloseTo(-0.01, 8);
  });

  it('only the first n entries are touched (frozen shared bias passes n = 0)', () => {
    const p = Float64Array.from([1, 1]);
    sgdUpdate(p, Float64Array.from([1, 1]), 1, 1);
    expect(Array.from(p)).toEqual([0, 1]);
  });
});
