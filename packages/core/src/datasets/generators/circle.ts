import type { Generator } from './types.js';
import { symmetric } from './types.js';

const INNER_MAX = 2.5;
const OUTER_MIN = 3.5;
const OUTER_MAX = 5;
const MAX_SHIFT = 2.5;

/** A disc (label 1) inside a ring (label 0). */
export const generateCircle: Generator = (out, noise, _classes, rng) => {
  const { points, labels } = out;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    const u = rng.random();
    const r = label === 1 ? u * INNER_MAX : OUTER_MIN + u * (OUTER_MAX - OUTER_MIN);
    const angle = rng.random() * 2 * Math.PI;
    points[2 * i] = r * Math.cos(angle) + symmetric(rng) * MAX_SHIFT * noise;
    points[2 * i + 1] = r * Math.sin(angle) + symmetric(rng) * MAX_SHIFT * noise;
  }
};
