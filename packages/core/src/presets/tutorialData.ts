import type { DatasetConfig, TrainingConfig } from '../contract/config.js';

/** A `fixed` dataset of literal rows, all used for training, in order. */
export function fixedData(inputs: number[][], targets: number[][], seed = 0): DatasetConfig {
  return { kind: 'fixed', samples: inputs.length, noise: 0, testFraction: 0, seed, fixed: { inputs, targets } };
}

/** What the tutorials do: full-batch (or single-sample) SGD on `Σ ½(a−y)²`, in order. */
export function tutorialTraining(learningRate: number): TrainingConfig {
  return {
    loss: 'squaredError',
    reduction: 'sum',
    optimizer: { kind: 'sgd', learningRate },
    batchSize: 0,
    regularization: { kind: 'none' },
    shuffle: false,
  };
}

/** XOR with a constant third input 1 standing in for the bias, in the order of seeds 002/003. */
export const XOR_WITH_BIAS_INPUT = {
  inputs: [
    [0, 0, 1],
    [0, 1, 1],
    [1, 0, 1],
    [1, 1, 1],
  ],
  targets: [[0], [1], [1], [0]],
};
