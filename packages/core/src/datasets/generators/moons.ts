import type { Generator } from './types.js';

/** Scales scikit-learn's unit moons (x in [-1, 2], y in [-0.5, 1]) to fill the plane. */
const SCALE = 3;
const CENTER_X = 0.5;
const CENTER_Y = 0.25;
const MAX_STD = 1;

/** Two interleaving half circles (as scikit-learn's `make_moons`), centred, with Gaussian noise. */
export const generateMoons: Generator = (out, noise, _classes, rng) => {
  const { points, labels } = out;
  const std = MAX_STD * noise;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    const t = Math.PI * rng.random();
    const ux = label === 0 ? Math.cos(t) : 1 - Math.cos(t);
    const uy = label === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    points[2 * i] = SCALE * (ux - CENTER_X) + std * rng.normal();
    points[2 * i + 1] = SCALE * (uy - CENTER_Y) + std * rng.normal();
  }
};
