import type { Rng } from '../../rng/rng.js';

/** Raw rows of a generator: `points[count][2]` and one label per point. */
export interface LabeledPoints {
  points: Float64Array;
  /**
   * Class index per row, already filled in (balanced, shuffled) when a classifier is called: it
   * draws a point of that class. A regression generator writes its target here instead.
   */
  labels: Float64Array;
}

/**
 * Fills `out.points` (its length fixes the count) with points in roughly [-6, 6]².
 * `noise` is 0..1; a generator draws the same number of random values whatever the noise,
 * so one seed gives the same underlying points and split at every noise level.
 */
export type Generator = (out: LabeledPoints, noise: number, classes: number, rng: Rng) => void;

/** Uniform in [-1, 1). */
export function symmetric(rng: Rng): number {
  return 2 * rng.random() - 1;
}
