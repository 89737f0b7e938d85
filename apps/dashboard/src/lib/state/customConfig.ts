import type { ActivationName, DatasetKind, ExperimentConfig } from '@liveprop/core';

export interface CustomSessionForm {
  dataset: DatasetKind;
  noise: number;
  hidden: number[];
  activation: ActivationName;
  learningRate: number;
}

const REGRESSION: ReadonlySet<DatasetKind> = new Set(['plane', 'regressGauss']);

/** A full experiment config from the lobby's "dataset + network" form. */
export function buildCustomConfig(form: CustomSessionForm, seed: number): ExperimentConfig {
  const regression = REGRESSION.has(form.dataset);
  return {
    name: `${form.dataset} ${[2, ...form.hidden, 1].join('-')}`,
    seed,
    dataset: { kind: form.dataset, samples: 500, noise: form.noise, testFraction: 0.5, seed },
    network: {
      inputs: 2,
      layers: [
        ...form.hidden.map((units) => ({ units, activation: form.activation, bias: { kind: 'perNeuron' as const } })),
        { units: 1, activation: regression ? 'linear' : 'sigmoid', bias: { kind: 'perNeuron' } },
      ],
      init: { kind: 'xavier' },
    },
    training: {
      loss: regression ? 'squaredError' : 'binaryCrossEntropy',
      reduction: 'mean',
      optimizer: { kind: 'adam', learningRate: form.learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      batchSize: 10,
      regularization: { kind: 'none' },
      shuffle: true,
    },
  };
}

/** Parses "8, 8" into layer sizes; refuses empty parts and sizes outside 1…1024. */
export function parseLayerList(text: string): { ok: true; value: number[] } | { ok: false; code: string; message: string } {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  const sizes: number[] = [];
  for (const p of parts) {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 1 || n > 1024) {
      return { ok: false, code: 'invalid_layers', message: `layer size must be an integer 1–1024, got "${p}"` };
    }
    sizes.push(n);
  }
  if (sizes.length > 15) return { ok: false, code: 'invalid_layers', message: `at most 15 hidden layers, got ${sizes.length}` };
  return { ok: true, value: sizes };
}
