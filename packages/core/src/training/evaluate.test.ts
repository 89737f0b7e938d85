import { describe, expect, it } from 'vitest';
import { countCorrect } from './evaluate.js';

describe('accuracy counting', () => {
  it('binary: one output thresholded at 0.5 against a 0/1 target', () => {
    const a = Float64Array.from([0.49, 0.5, 0.9, 0.1]);
    const y = Float64Array.from([0, 1, 0, 0]);
    expect(countCorrect(a, y, 4, 1, 'binary')).toBe(3);
  });

  it('multiclass: argmax of the outputs against the one-hot target', () => {
    const a = Float64Array.from([0.2, 0.7, 0.1, 0.5, 0.3, 0.2]);
    const y = Float64Array.from([0, 1, 0, 0, 0, 1]);
    expect(countCorrect(a, y, 2, 3, 'multiclass')).toBe(1);
  });

  it('regression counts nothing', () => {
    expect(countCorrect(Float64Array.from([1]), Float64Array.from([1]), 1, 1, 'regression')).toBe(0);
  });
});
