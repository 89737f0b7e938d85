import type { Generator } from './types.js';

const MIN_STD = 0.5;
const EXTRA_STD = 2.5;

/**
 * One Gaussian blob per class. Two classes sit at (-2,-2) and (2,2) like TensorFlow Playground;
 * k > 2 blobs are spread evenly on a circle of radius 4. Noise widens every blob.
 */
export const generateGauss: Generator = (out, noise, classes, rng) => {
  const { points, labels } = out;
  const radius = classes === 2 ? 2 * Math.SQRT2 : 4;
  const std = MIN_STD + EXTRA_STD * noise;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    const angle = (5 * Math.PI) / 4 + (2 * Math.PI * label) / classes;
    points[2 * i] = radius * Math.cos(angle) + std * rng.normal();
    points[2 * i + 1] = radius * Math.sin(angle) + std * rng.normal();
  }
};
