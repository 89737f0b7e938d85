import type { Generator } from './types.js';
import { symmetric } from './types.js';

const HALF_WIDTH = 6;
const MAX_SHIFT = 3;

/** Regression on a tilted plane: target (x + y) / 12 in [-1, 1], from the point before noise moves it. */
export const generatePlane: Generator = (out, noise, _classes, rng) => {
  const { points, labels } = out;
  for (let i = 0; i < labels.length; i++) {
    const x = symmetric(rng) * HALF_WIDTH;
    const y = symmetric(rng) * HALF_WIDTH;
    points[2 * i] = x + symmetric(rng) * MAX_SHIFT * noise;
    points[2 * i + 1] = y + symmetric(rng) * MAX_SHIFT * noise;
    labels[i] = (x + y) / (2 * HALF_WIDTH);
  }
};
