import { describe, expect, it } from 'vitest';
import { MT19937 } from './mt19937.js';
import { shuffleInPlace } from './shuffle.js';

function range(n: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

describe('shuffleInPlace', () => {
  it('permutes the indices: same multiset, new order', () => {
    const a = range(1000);
    shuffleInPlace(a, new MT19937(5));
    expect(Array.from(a).sort((p, q) => p - q)).toEqual(Array.from(range(1000)));
    expect(Array.from(a)).not.toEqual(Array.from(range(1000)));
  });

  it('gives the same order for the same seed and a different one for another seed', () => {
    const a = range(50);
    const b = range(50);
    const c = range(50);
    shuffleInPlace(a, new MT19937(11));
    shuffleInPlace(b, new MT19937(11));
    shuffleInPlace(c, new MT19937(12));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('puts each element in each position about equally often', () => {
    const rng = new MT19937(2);
    const counts = new Uint32Array(16);
    const trials = 8000;
    for (let t = 0; t < trials; t++) {
      const a = range(4);
      shuffleInPlace(a, rng);
      for (let pos = 0; pos < 4; pos++) counts[a[pos]! * 4 + pos]!++;
    }
    for (const c of counts) expect(Math.abs(c - trials / 4)).toBeLessThan(trials / 4 * 0.1);
  });

  it('leaves empty and single-element arrays as they are', () => {
    const empty = new Uint32Array(0);
    shuffleInPlace(empty, new MT19937(1));
    expect(empty.length).toBe(0);
    const one = Uint32Array.of(7);
    shuffleInPlace(one, new MT19937(1));
    expect(Array.from(one)).toEqual([7]);
  });
});
