import type { Generator } from './types.js';
import { symmetric } from './types.js';

const HALF_WIDTH = 5;
/** Keeps clean points off the axes so the quadrants are separable at zero noise. */
const AXIS_GAP = 0.3;
const MAX_SHIFT = 2.5;

/** Four quadrants: label 1 where x·y > 0, 0 otherwise. */
export const generateXor: Generator = (out, noise, _classes, rng) => {
  const { points, labels } = out;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    const sx = rng.random() < 0.5 ? -1 : 1;
    const sy = label === 1 ? sx : -sx;
    const x = sx * (AXIS_GAP + rng.random() * (HALF_WIDTH - AXIS_GAP));
    const y = sy * (AXIS_GAP + rng.random() * (HALF_WIDTH - AXIS_GAP));
    points[2 * i] = x + symmetric(rng) * MAX_SHIFT * noise;
    points[2 * i + 1] = y + symmetric(rng) * MAX_SHIFT * noise;
  }
};
