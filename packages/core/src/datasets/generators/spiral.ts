import type { Generator } from './types.js';
import { symmetric } from './types.js';

const MAX_RADIUS = 5;
const TURNS = 1.75;
const MAX_SHIFT = 1;

/** One spiral arm per class, arms rotated evenly around the origin, 1.75 turns out to radius 5. */
export const generateSpiral: Generator = (out, noise, classes, rng) => {
  const { points, labels } = out;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    const u = rng.random();
    const r = u * MAX_RADIUS;
    const angle = TURNS * 2 * Math.PI * u + (2 * Math.PI * label) / classes;
    points[2 * i] = r * Math.sin(angle) + symmetric(rng) * MAX_SHIFT * noise;
    points[2 * i + 1] = r * Math.cos(angle) + symmetric(rng) * MAX_SHIFT * noise;
  }
};
