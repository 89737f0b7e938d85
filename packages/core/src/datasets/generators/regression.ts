import type { Generator } from './types.js';
import { symmetric } from './types.js';

const HALF_WIDTH = 6;
const MAX_SHIFT = 3;

/**
 * A regression generator over uniform points in [-6, 6]²: `target` is taken at the point before noise moves it
 * (up to 3 units each way at noise 1).
 */
export function regressionGenerator(target: (x: number, y: number) => number): Generator {
  return (out, noise, _classes, rng) => {
    const { points, labels } = out;
    for (let i = 0; i < labels.length; i++) {
      const x = symmetric(rng) * HALF_WIDTH;
      const y = symmetric(rng) * HALF_WIDTH;
      points[2 * i] = x + symmetric(rng) * MAX_SHIFT * noise;
      points[2 * i + 1] = y + symmetric(rng) * MAX_SHIFT * noise;
      labels[i] = target(x, y);
    }
  };
}
