import { cloneJson } from '../contract/cloneJson.js';
import { array, boolean, fail, integer, oneOf, record } from '../contract/check.js';
import type { DatasetConfig, ExperimentConfig, LayerConfig, LayerWeights, NetworkConfig, TrainingConfig } from '../contract/config.js';
import { CONFIG_RANGES, LIMITS } from '../contract/limits.js';
import {
  LOSS_NAMES,
  checkActivation,
  checkBatchSize,
  checkBias,
  checkInit,
  checkMatrix,
  checkOptimizer,
  checkRegularization,
  checkVector,
} from './validateParts.js';
import { biasLength } from '../layers/denseLayer.js';

/**
 * Structural check of an untrusted experiment config against the types and {@link LIMITS}.
 * Returns a clean deep copy; throws {@link LivepropConfigError} naming the first bad field.
 * The dataset's own fields are checked by `createDataset`, and its shape against the network by the trainer.
 */
export function checkExperimentConfig(value: unknown): ExperimentConfig {
  const o = record(value, 'config');
  const config: ExperimentConfig = {
    seed: integer(o.seed, 'seed', CONFIG_RANGES.seed.min, CONFIG_RANGES.seed.max),
    dataset: cloneJson(record(o.dataset, 'dataset')) as unknown as DatasetConfig,
    network: checkNetwork(o.network, 'network'),
    training: checkTraining(o.training, 'training'),
  };
  if (o.name !== undefined) {
    if (typeof o.name !== 'string' || o.name.length > LIMITS.maxNameLength) {
      fail('name', `expected a string of at most ${LIMITS.maxNameLength} characters`);
    }
    config.name = o.name;
  }
  checkLossFitsOutput(config.network, config.training.loss);
  return config;
}

export function checkNetwork(value: unknown, path: string): NetworkConfig {
  const o = record(value, path);
  const inputs = integer(o.inputs, `${path}.inputs`, 1, LIMITS.maxInputs, 'inputs');
  const rawLayers = array(o.layers, `${path}.layers`);
  if (rawLayers.length === 0) fail(`${path}.layers`, 'a network needs at least an output layer');
  if (rawLayers.length > LIMITS.maxLayers) {
    fail(`${path}.layers`, `the network has ${rawLayers.length} layers; the limit is ${LIMITS.maxLayers}`, 'limit_exceeded');
  }
  const layers = Array.from(rawLayers, (raw, l) => checkLayer(raw, `${path}.layers[${l}]`, l, rawLayers.length));
  checkParameterCount(inputs, layers, path);
  const network: NetworkConfig = { inputs, layers, init: checkInit(o.init, `${path}.init`) };
  if (o.weights !== undefined) network.weights = checkWeights(o.weights, `${path}.weights`, inputs, layers);
  return network;
}

function checkLayer(value: unknown, path: string, index: number, count: number): LayerConfig {
  const o = record(value, path);
  const units = o.units;
  if (typeof units === 'number' && Number.isInteger(units) && units > LIMITS.maxUnitsPerLayer) {
    fail(`${path}.units`, `layer ${index} has ${units} units; the limit is ${LIMITS.maxUnitsPerLayer}`, 'limit_exceeded');
  }
  const layer: LayerConfig = {
    units: integer(units, `${path}.units`, 1, LIMITS.maxUnitsPerLayer),
    activation: checkActivation(o.activation, `${path}.activation`),
    bias: checkBias(o.bias, `${path}.bias`),
  };
  if (layer.activation === 'softmax' && index !== count - 1) {
    fail(`${path}.activation`, `softmax is for the output layer only, and layer ${index} is hidden`);
  }
  return layer;
}

/** Throws when the parameter count of a shape passes {@link LIMITS.maxParameters}. */
export function checkParameterCount(inputs: number, layers: readonly LayerConfig[], path: string): void {
  let params = 0;
  let fanIn = inputs;
  for (const layer of layers) {
    params += fanIn * layer.units + biasLength(layer.bias, layer.units);
    fanIn = layer.units;
  }
  if (params > LIMITS.maxParameters) {
    fail(`${path}.layers`, `the network has ${params} parameters; the limit is ${LIMITS.maxParameters}`, 'limit_exceeded');
  }
}

function checkWeights(value: unknown, path: string, inputs: number, layers: readonly LayerConfig[]): LayerWeights[] {
  const raw = array(value, path);
  if (raw.length !== layers.length) fail(path, `${path} has ${raw.length} layers, expected ${layers.length}`);
  let fanIn = inputs;
  return Array.from(raw, (entry, l) => {
    const o = record(entry, `${path}[${l}]`);
    const layer = layers[l]!;
    const weights = checkMatrix(o.weights, `${path}[${l}].weights`, layer.units, fanIn);
    const bias = checkVector(o.bias, `${path}[${l}].bias`, biasLength(layer.bias, layer.units));
    fanIn = layer.units;
    return { weights, bias };
  });
}

export function checkTraining(value: unknown, path: string): TrainingConfig {
  const o = record(value, path);
  return {
    loss: oneOf(o.loss, LOSS_NAMES, `${path}.loss`),
    reduction: oneOf(o.reduction, ['sum', 'mean'] as const, `${path}.reduction`),
    optimizer: checkOptimizer(o.optimizer, `${path}.optimizer`),
    batchSize: checkBatchSize(o.batchSize, `${path}.batchSize`),
    regularization: checkRegularization(o.regularization, `${path}.regularization`),
    shuffle: boolean(o.shuffle, `${path}.shuffle`),
  };
}

/** Cross-entropy losses need outputs in (0, 1): binary with sigmoid, categorical with softmax. */
export function checkLossFitsOutput(network: NetworkConfig, loss: TrainingConfig['loss']): void {
  const last = network.layers[network.layers.length - 1]!;
  if (loss === 'binaryCrossEntropy' && last.activation !== 'sigmoid') {
    fail('training.loss', `binaryCrossEntropy needs a sigmoid output layer, got ${last.activation}`);
  }
  if (loss === 'categoricalCrossEntropy' && last.activation !== 'softmax') {
    fail('training.loss', `categoricalCrossEntropy needs a softmax output layer, got ${last.activation}`);
  }
}
