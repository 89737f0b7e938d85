import type { Generator } from './types.js';
import { symmetric } from './types.js';

const HALF_WIDTH = 6;
const MAX_SHIFT = 3;
/** Bumps `[cx, cy, sign]` in a 3×2 checkerboard, the layout of TensorFlow Playground's Gaussian regression. */
const BUMPS: readonly (readonly [number, number, number])[] = [
  [-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1],
  [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1],
];

/** Target at (x, y): the sum of ±exp(-d²/2) over the bumps, roughly in [-1, 1]. */
export function bumpsAt(x: number, y: number): number {
  let sum = 0;
  for (const [cx, cy, sign] of BUMPS) {
    const dx = x - cx;
    const dy = y - cy;
    sum += sign * Math.exp(-(dx * dx + dy * dy) / 2);
  }
  return sum;
}

/** Regression on six Gaussian bumps of alternating sign, target from the point before noise moves it. */
export const generateRegressGauss: Generator = (out, noise, _classes, rng) => {
  const { points, labels } = out;
  for (let i = 0; i < labels.length; i++) {
    const x = symmetric(rng) * HALF_WIDTH;
    const y = symmetric(rng) * HALF_WIDTH;
    points[2 * i] = x + symmetric(rng) * MAX_SHIFT * noise;
    points[2 * i + 1] = y + symmetric(rng) * MAX_SHIFT * noise;
    labels[i] = bumpsAt(x, y);
  }
};
