import { regressionGenerator } from './regression.js';

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

/** Regression on six Gaussian bumps of alternating sign. */
export const generateRegressGauss = regressionGenerator(bumpsAt);
