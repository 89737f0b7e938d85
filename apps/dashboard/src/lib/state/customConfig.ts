import { defaultOptimizer, type ActivationName, type DatasetKind, type ExperimentConfig, type FeatureName, type OptimizerConfig } from '@liveprop/core';
import { MULTICLASS_KINDS } from './datasetChange.js';

export interface CustomSessionForm {
  dataset: DatasetKind;
  noise: number;
  testFraction: number;
  features: FeatureName[];
  /** Classes for kinds that take more than two; ignored elsewhere. */
  classes: number;
  hidden: number[];
  activation: ActivationName;
  learningRate: number;
  optimizer: OptimizerConfig['kind'];
  /** 0 is the full batch. */
  batchSize: number;
}

/** What the lobby form starts with: settings a first run learns from at a pace a person can follow. */
export const DEFAULT_CUSTOM_FORM: CustomSessionForm = {
  dataset: 'spiral',
  noise: 0.1,
  testFraction: 0.3,
  features: ['x1', 'x2'],
  classes: 2,
  hidden: [8, 8],
  activation: 'tanh',
  learningRate: 0.03,
  optimizer: 'adam',
  batchSize: 10,
};

/** Epochs per second a new session starts at: slow enough to watch the surface change, changeable any time. */
export const DEFAULT_SPEED = 30;

const REGRESSION: ReadonlySet<DatasetKind> = new Set(['plane', 'regressGauss']);

/** A full experiment config from the lobby's "dataset + network" form. */
export function buildCustomConfig(form: CustomSessionForm, seed: number): ExperimentConfig {
  const regression = REGRESSION.has(form.dataset);
  const classes = MULTICLASS_KINDS.includes(form.dataset) && form.classes > 2 ? form.classes : 2;
  const outputs = classes > 2 ? classes : 1;
  const output: ActivationName = regression ? 'linear' : classes > 2 ? 'softmax' : 'sigmoid';
  return {
    name: `${form.dataset} ${[form.features.length, ...form.hidden, outputs].join('-')}`,
    seed,
    dataset: {
      kind: form.dataset, samples: 500, noise: form.noise, testFraction: form.testFraction, seed,
      features: [...form.features], ...(classes > 2 ? { classes } : {}),
    },
    network: {
      inputs: form.features.length,
      layers: [
        ...form.hidden.map((units) => ({ units, activation: form.activation, bias: { kind: 'perNeuron' as const } })),
        { units: outputs, activation: output, bias: { kind: 'perNeuron' } },
      ],
      init: { kind: 'xavier' },
    },
    training: {
      loss: regression ? 'squaredError' : classes > 2 ? 'categoricalCrossEntropy' : 'binaryCrossEntropy',
      reduction: 'mean',
      optimizer: defaultOptimizer(form.optimizer, form.learningRate),
      batchSize: form.batchSize,
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

/** Reads a typed learning rate: a number above 0 and at most 10. */
export function parseLearningRate(text: string): { ok: true; value: number } | { ok: false; code: string; message: string } {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 10) {
    return { ok: false, code: 'invalid_learning_rate', message: `learning rate must be a number above 0 and at most 10, got "${text.trim()}"` };
  }
  return { ok: true, value: n };
}
