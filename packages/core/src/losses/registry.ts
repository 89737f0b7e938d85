import type { LossName } from '../contract/config.js';
import { binaryCrossEntropy } from './binaryCrossEntropy.js';
import { categoricalCrossEntropy } from './categoricalCrossEntropy.js';
import type { Loss } from './loss.js';
import { squaredError } from './squaredError.js';

const LOSSES: Record<LossName, Loss> = { squaredError, binaryCrossEntropy, categoricalCrossEntropy };

/** Every loss name, in a stable order. */
export const LOSS_NAMES: readonly LossName[] = ['squaredError', 'binaryCrossEntropy', 'categoricalCrossEntropy'];

/** The loss for a name. */
export function getLoss(name: LossName): Loss {
  return LOSSES[name];
}
