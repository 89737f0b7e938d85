import type { ExperimentConfig, LayerConfig } from '@liveprop/core';

export interface WideNetworkShape {
  inputs: number;
  /** Widths of the hidden layers; the output layer comes after them. */
  hidden: number[];
  outputs: number;
  /** Training rows of the fixed dataset; with `batchSize: 0` the batch trace covers them all. */
  rows: number;
}

/**
 * A legal experiment of any width and depth on a fixed dataset (any input count, unlike the 2-D generators):
 * tanh hidden layers, a sigmoid output, full batch, SGD. Values are deterministic so traces compare exactly.
 */
export function wideNetworkConfig(shape: WideNetworkShape): ExperimentConfig {
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let r = 0; r < shape.rows; r++) {
    inputs.push(Array.from({ length: shape.inputs }, (_, i) => Math.sin(r * 7 + i)));
    targets.push(Array.from({ length: shape.outputs }, (_, i) => (r + i) % 2));
  }
  const layers: LayerConfig[] = shape.hidden.map((units) => ({ units, activation: 'tanh', bias: { kind: 'perNeuron' } }));
  layers.push({ units: shape.outputs, activation: 'sigmoid', bias: { kind: 'perNeuron' } });
  return {
    name: 'wide network',
    seed: 1,
    dataset: { kind: 'fixed', samples: shape.rows, noise: 0, testFraction: 0, seed: 1, fixed: { inputs, targets } },
    network: { inputs: shape.inputs, layers, init: { kind: 'xavier' } },
    training: {
      loss: 'squaredError',
      reduction: 'mean',
      optimizer: { kind: 'sgd', learningRate: 0.1 },
      batchSize: 0,
      regularization: { kind: 'none' },
      shuffle: false,
    },
  };
}

/** The deepest legal network with every dimension past the trace window: the worst case for a trace frame. */
export const DEEP_WIDE: WideNetworkShape = { inputs: 64, hidden: Array<number>(15).fill(128), outputs: 64, rows: 256 };
