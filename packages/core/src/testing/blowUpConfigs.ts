import type { ActivationName, ExperimentConfig, LayerWeights, NetworkConfig } from '../contract/config.js';
import type { MT19937 } from '../rng/mt19937.js';

const HIDDEN: ActivationName[] = ['tanh', 'sigmoid', 'relu', 'linear'];

/** An integer from `low` to `high`, both included. */
export function between(rng: MT19937, low: number, high: number): number {
  return low + Math.floor(rng.random() * (high - low + 1));
}

function pick<T>(rng: MT19937, items: readonly T[]): T {
  return items[between(rng, 0, items.length - 1)]!;
}

/** What the fused kernel covers: squared error, plain SGD without regularization, full batch in stored order, no test split. */
function fusedConfig(seed: number, inputs: number[][], targets: number[][], network: NetworkConfig, reduction: 'sum' | 'mean', learningRate: number): ExperimentConfig {
  return {
    seed,
    dataset: { kind: 'fixed', samples: inputs.length, noise: 0, testFraction: 0, seed: 0, fixed: { inputs, targets } },
    network,
    training: {
      loss: 'squaredError',
      reduction,
      optimizer: { kind: 'sgd', learningRate: Math.min(100, learningRate) },
      batchSize: 0,
      regularization: { kind: 'none' },
      shuffle: false,
    },
  };
}

/**
 * A tiny random network (1–2 hidden layers of 2–6 units) on 3–10 rows, binary, one-hot or regression, with explicit
 * weights and a learning rate from 0.1 to 100: many of its runs blow up, most of them fast.
 */
export function randomNetworkConfig(seed: number, rng: MT19937): ExperimentConfig {
  const rows = between(rng, 3, 10);
  const inputs = between(rng, 1, 3);
  const task = pick(rng, ['binary', 'multiclass', 'regression'] as const);
  const outputs = task === 'binary' ? 1 : task === 'multiclass' ? 3 : between(rng, 1, 2);
  const x = Array.from({ length: rows }, () => Array.from({ length: inputs }, () => 4 * rng.random() - 2));
  const targets = x.map((_, r) => {
    if (task === 'binary') return [r % 2];
    if (task === 'multiclass') return [0, 1, 2].map((c) => (r % 3 === c ? 1 : 0));
    return Array.from({ length: outputs }, () => 6 * rng.random() - 3);
  });
  const units = [...Array.from({ length: between(rng, 1, 2) }, () => between(rng, 2, 6)), outputs];
  const scale = pick(rng, [0.5, 1, 3]);
  const weights: LayerWeights[] = units.map((n, l) => ({
    weights: Array.from({ length: n }, () => Array.from({ length: l === 0 ? inputs : units[l - 1]! }, () => scale * (2 * rng.random() - 1))),
    bias: Array.from({ length: n }, () => scale * (2 * rng.random() - 1)),
  }));
  const output: ActivationName = task === 'regression' ? 'linear' : 'sigmoid';
  const layers = units.map((n, l) => ({ units: n, activation: l === units.length - 1 ? output : pick(rng, HIDDEN), bias: { kind: 'perNeuron' as const } }));
  const network: NetworkConfig = { inputs, layers, init: { kind: 'xavier' }, weights };
  return fusedConfig(seed, x, targets, network, pick(rng, ['sum', 'mean'] as const), 10 ** (3 * rng.random() - 1));
}

/**
 * One linear neuron (a weight and a bias) fitting 2–8 rows, at the learning rate that multiplies its error along the
 * stiffest direction by `-√growth` an epoch, `growth` from 0.01 to 3: the loss falls up to a hundredfold an epoch,
 * or, once that direction dominates, rises up to threefold an epoch — slowly enough to pass ten times its lowest a
 * few epochs after a run's lowest loss, still finite.
 */
export function linearConfig(seed: number, rng: MT19937): ExperimentConfig {
  const rows = between(rng, 2, 8);
  const x = Array.from({ length: rows }, () => 2 * rng.random() - 1);
  const targets = x.map(() => [2 * rng.random() - 1]);
  const reduction = pick(rng, ['sum', 'mean'] as const);
  // The loss's Hessian in (weight, bias) is scale·[[Σx², Σx], [Σx, rows]]; its largest eigenvalue sets the step.
  const scale = reduction === 'mean' ? 1 / rows : 1;
  const a = scale * x.reduce((s, v) => s + v * v, 0);
  const b = scale * x.reduce((s, v) => s + v, 0);
  const d = scale * rows;
  const stiffest = (a + d) / 2 + Math.sqrt(((a - d) / 2) ** 2 + b * b);
  const growth = 0.01 * 300 ** rng.random();
  const network: NetworkConfig = {
    inputs: 1,
    layers: [{ units: 1, activation: 'linear', bias: { kind: 'perNeuron' } }],
    init: { kind: 'xavier' },
    weights: [{ weights: [[4 * rng.random() - 2]], bias: [2 * rng.random() - 1] }],
  };
  return fusedConfig(seed, x.map((v) => [v]), targets, network, reduction, (1 + Math.sqrt(growth)) / stiffest);
}
