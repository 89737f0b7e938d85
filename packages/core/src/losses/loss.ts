import type { LossName } from '../contract/config.js';

/**
 * A loss on output activations `a` against targets `y`, both `[batch][width]` row-major.
 * A sample's loss sums over its outputs; reduction over samples is the caller's `scale`.
 */
export interface Loss {
  readonly name: LossName;
  /** Loss of the one sample whose row starts at `offset`. */
  sample(a: Float64Array, y: Float64Array, offset: number, width: number): number;
  /** Writes `d = scale · ∂(Σ_samples loss)/∂a`. */
  gradient(a: Float64Array, y: Float64Array, d: Float64Array, batch: number, width: number, scale: number): void;
}

/** Keeps `log` finite when a saturated output reaches exactly 0 or 1. */
export const LOG_EPSILON = 1e-15;

/** Sum of per-sample losses over `batch` rows. */
export function batchLoss(loss: Loss, a: Float64Array, y: Float64Array, batch: number, width: number): number {
  let total = 0;
  for (let r = 0; r < batch; r++) total += loss.sample(a, y, r * width, width);
  return total;
}
