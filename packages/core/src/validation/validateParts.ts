import { ACTIVATION_NAMES } from '../activations/registry.js';
import { LOSS_NAMES } from '../losses/registry.js';
import { OPTIMIZER_KINDS } from '../optimizers/defaults.js';
import { array, boolean, fail, finite, integer, oneOf, record } from '../contract/check.js';
import type { ActivationName, BiasConfig, InitConfig, OptimizerConfig, RegularizationConfig } from '../contract/config.js';
import { CONFIG_RANGES as R, LIMITS } from '../contract/limits.js';

/** Validators for the small unions of the config; each returns a clean copy or throws naming the field. */

export function checkActivation(value: unknown, path: string): ActivationName {
  return oneOf(value, ACTIVATION_NAMES, path);
}

export { LOSS_NAMES };

export function checkBias(value: unknown, path: string): BiasConfig {
  const o = record(value, path);
  const kind = oneOf(o.kind, ['perNeuron', 'none', 'shared'] as const, `${path}.kind`);
  if (kind !== 'shared') return { kind };
  return { kind, value: finite(o.value, `${path}.value`), trainable: boolean(o.trainable, `${path}.trainable`) };
}

export function checkInit(value: unknown, path: string): InitConfig {
  const o = record(value, path);
  const kind = oneOf(o.kind, ['uniform', 'normal', 'xavier', 'he', 'constant', 'numpyRandom'] as const, `${path}.kind`);
  switch (kind) {
    case 'uniform': {
      const low = finite(o.low, `${path}.low`, R.initParameter.min, R.initParameter.max);
      const high = finite(o.high, `${path}.high`, low, R.initParameter.max);
      return { kind, low, high };
    }
    case 'normal':
      return {
        kind,
        mean: finite(o.mean, `${path}.mean`, R.initParameter.min, R.initParameter.max),
        std: finite(o.std, `${path}.std`, 0, R.initParameter.max),
      };
    case 'constant':
      return { kind, value: finite(o.value, `${path}.value`, R.initParameter.min, R.initParameter.max) };
    case 'numpyRandom':
      return o.scaleByFanIn === undefined ? { kind } : { kind, scaleByFanIn: boolean(o.scaleByFanIn, `${path}.scaleByFanIn`) };
    default:
      return { kind };
  }
}

export function checkLearningRate(value: unknown, path: string): number {
  const lr = finite(value, path, R.learningRate.min);
  if (lr > LIMITS.maxLearningRate) fail(path, `learning rate is ${lr}; the limit is ${LIMITS.maxLearningRate}`, 'limit_exceeded');
  return lr;
}

export function checkOptimizer(value: unknown, path: string): OptimizerConfig {
  const o = record(value, path);
  const kind = oneOf(o.kind, OPTIMIZER_KINDS, `${path}.kind`);
  const learningRate = checkLearningRate(o.learningRate, `${path}.learningRate`);
  switch (kind) {
    case 'sgd':
      return { kind, learningRate };
    case 'momentum': {
      const momentum = finite(o.momentum, `${path}.momentum`, R.momentum.min, R.momentum.max);
      return o.nesterov === undefined
        ? { kind, learningRate, momentum }
        : { kind, learningRate, momentum, nesterov: boolean(o.nesterov, `${path}.nesterov`) };
    }
    case 'adam':
      return {
        kind,
        learningRate,
        beta1: finite(o.beta1, `${path}.beta1`, R.adamBeta.min, R.adamBeta.max),
        beta2: finite(o.beta2, `${path}.beta2`, R.adamBeta.min, R.adamBeta.max),
        epsilon: finite(o.epsilon, `${path}.epsilon`, R.adamEpsilon.min, R.adamEpsilon.max),
      };
  }
}

export function checkRegularization(value: unknown, path: string): RegularizationConfig {
  const o = record(value, path);
  const kind = oneOf(o.kind, ['none', 'l1', 'l2'] as const, `${path}.kind`);
  if (kind === 'none') return { kind };
  return { kind, rate: finite(o.rate, `${path}.rate`, R.regularizationRate.min, R.regularizationRate.max) };
}

export function checkBatchSize(value: unknown, path: string): number {
  return integer(value, path, 0, LIMITS.maxBatchSize, 'batch size');
}

/** `rows[outputs][inputs]` of finite numbers, with messages like `layers[1].weights[2] has 3 numbers, expected 4`. */
export function checkMatrix(value: unknown, path: string, rows: number, cols: number): number[][] {
  const outer = array(value, path);
  if (outer.length !== rows) fail(path, `${path} has ${outer.length} rows, expected ${rows}`);
  return Array.from(outer, (row, r) => checkVector(row, `${path}[${r}]`, cols));
}

export function checkVector(value: unknown, path: string, length: number): number[] {
  const v = array(value, path);
  if (v.length !== length) fail(path, `${path} has ${v.length} numbers, expected ${length}`);
  return Array.from(v, (x, k) => finite(x, `${path}[${k}]`));
}
