import { cloneJson } from '../contract/cloneJson.js';
import { createDataset } from '../datasets/createDataset.js';
import { getActivation } from '../activations/registry.js';
import { getLoss } from '../losses/registry.js';
import { planActivation, planAddNeuron, planInsertLayer, planRemoveLayer, planRemoveNeuron, type EditPlan } from '../network/editPlans.js';
import { resizeInputs, resizeOutputs } from '../network/topology.js';
import { resetOptimizerSlots } from '../optimizers/step.js';
import { describeLayers } from './buildNetwork.js';
import { boolean, fail, integer, oneOf, record } from '../contract/check.js';
import type { Change, ChangeApplied, DatasetConfig, LossName, OutputEffect } from '../contract/config.js';
import { dataRows, settlePlan } from './editOutput.js';
import { LIMITS } from '../contract/limits.js';
import type { TrainingState } from './state.js';
import { checkLayerFits, checkShapeAgainstDataset } from './shapeChecks.js';
import { checkLossFitsOutput, checkParameterCount } from '../validation/validateConfig.js';
import {
  LOSS_NAMES,
  checkActivation,
  checkBatchSize,
  checkLearningRate,
  checkOptimizer,
  checkRegularization,
} from '../validation/validateParts.js';

const CHANGE_KINDS = [
  'learningRate', 'optimizer', 'batchSize', 'activation', 'loss', 'regularization',
  'addLayer', 'removeLayer', 'addNeuron', 'removeNeuron', 'dataset',
] as const;

const TOPOLOGY: ReadonlySet<Change['what']> = new Set(['addLayer', 'removeLayer', 'addNeuron', 'removeNeuron', 'dataset']);

/**
 * Validates an untrusted change against the current state and {@link LIMITS}, then applies it.
 * Throws {@link LivepropConfigError} (the caller turns it into a result) before mutating anything.
 */
export function applyChange(state: TrainingState, value: unknown): ChangeApplied {
  const o = record(value, 'change');
  const what = oneOf(o.what, CHANGE_KINDS, 'change.what');
  if (state.diverged && TOPOLOGY.has(what)) {
    fail('change.what', `the run diverged; roll back or reset before a ${what} change`, 'diverged');
  }
  const training = state.config.training;
  const net = state.network;
  const hidden = net.layers.length - 1;
  switch (what) {
    case 'learningRate': {
      const lr = checkLearningRate(o.value, 'change.value');
      const from = training.optimizer.learningRate;
      training.optimizer = { ...training.optimizer, learningRate: lr };
      return { what, from, to: lr };
    }
    case 'optimizer': {
      const next = checkOptimizer(o.value, 'change.value');
      const from = training.optimizer;
      if (next.kind !== from.kind) {
        resetOptimizerSlots(net.layers);
        state.step = 0;
      }
      training.optimizer = next;
      return { what, from, to: next };
    }
    case 'batchSize': {
      const size = checkBatchSize(o.value, 'change.value');
      const from = training.batchSize;
      training.batchSize = size;
      state.refreshWorkspaces();
      return { what, from, to: size };
    }
    case 'activation': {
      const layer = integer(o.layer, 'change.layer', 0, net.layers.length - 1);
      const name = checkActivation(o.value, 'change.value');
      if (name === 'softmax' && layer !== hidden) fail('change.value', `softmax is for the output layer only, and layer ${layer} is hidden`);
      const layers = describeLayers(net);
      layers[layer] = { ...layers[layer]!, activation: name };
      checkLossFitsOutput({ ...state.config.network, layers }, training.loss);
      const from = net.layers[layer]!.activation.name;
      const output = settle(state, o, () => planActivation(net, dataRows(state), layer, name));
      state.config.network.layers = describeLayers(net);
      state.refreshWorkspaces();
      state.resaveFinite();
      return { what, from, to: name, output };
    }
    case 'loss': {
      const loss: LossName = oneOf(o.value, LOSS_NAMES, 'change.value');
      const reduction = o.reduction === undefined ? training.reduction : oneOf(o.reduction, ['sum', 'mean'] as const, 'change.reduction');
      checkLossFitsOutput(state.config.network, loss);
      const from = { loss: training.loss, reduction: training.reduction };
      training.loss = loss;
      training.reduction = reduction;
      state.loss = getLoss(loss);
      return { what, from, to: { loss, reduction } };
    }
    case 'regularization': {
      const reg = checkRegularization(o.value, 'change.value');
      const from = training.regularization;
      training.regularization = reg;
      return { what, from, to: reg };
    }
    case 'addLayer': {
      const index = integer(o.index, 'change.index', 0, hidden);
      if (net.layers.length >= LIMITS.maxLayers) {
        fail('change.index', `the network has ${net.layers.length} layers; the limit is ${LIMITS.maxLayers}`, 'limit_exceeded');
      }
      const units = o.units;
      checkLayerFits(units, index);
      const activation = checkActivation(o.activation, 'change.activation');
      if (activation === 'softmax') fail('change.activation', 'softmax is for the output layer only');
      const layers = describeLayers(net);
      layers.splice(index, 0, { units: units as number, activation, bias: { kind: 'perNeuron' } });
      checkParameterCount(net.inputs, layers, 'network');
      const output = settle(state, o, () => planInsertLayer(net, dataRows(state), index, units as number, activation, state.config.network.init, state.rng));
      return topologyChanged(state, what, { layers: layers.length - 1 }, { index, units, activation }, output);
    }
    case 'removeLayer': {
      if (hidden === 0) fail('change.index', 'the network has no hidden layer to remove');
      const index = integer(o.index, 'change.index', 0, hidden - 1);
      const from = { index, units: net.layers[index]!.outputs, activation: net.layers[index]!.activation.name };
      const output = settle(state, o, () => planRemoveLayer(net, dataRows(state), index));
      return topologyChanged(state, what, from, { layers: net.layers.length }, output);
    }
    case 'addNeuron': {
      if (hidden === 0) fail('change.layer', 'the network has no hidden layer; the output layer is sized by the dataset');
      const layer = integer(o.layer, 'change.layer', 0, hidden - 1);
      const units = net.layers[layer]!.outputs;
      checkLayerFits(units + 1, layer);
      const layers = describeLayers(net);
      layers[layer] = { ...layers[layer]!, units: units + 1 };
      checkParameterCount(net.inputs, layers, 'network');
      const output = settle(state, o, () => planAddNeuron(net, layer, state.config.network.init, state.rng));
      return topologyChanged(state, what, { layer, units }, { layer, units: units + 1 }, output);
    }
    case 'removeNeuron': {
      if (hidden === 0) fail('change.layer', 'the network has no hidden layer; the output layer is sized by the dataset');
      const layer = integer(o.layer, 'change.layer', 0, hidden - 1);
      const units = net.layers[layer]!.outputs;
      if (units === 1) fail('change.layer', `layer ${layer} has one neuron; remove the layer instead`);
      const neuron = integer(o.neuron, 'change.neuron', 0, units - 1);
      const output = settle(state, o, () => planRemoveNeuron(net, layer, neuron));
      return topologyChanged(state, what, { layer, units, neuron }, { layer, units: units - 1 }, output);
    }
    case 'dataset': {
      const created = createDataset(o.value as never);
      if (!created.ok) fail('change.value', created.message, created.code);
      const dataset = created.value;
      checkShapeAgainstDataset(dataset, 'change.value');
      const from = state.config.dataset;
      const layers = describeLayers(net);
      layers[hidden] = { ...layers[hidden]!, units: dataset.outputDim };
      checkParameterCount(dataset.inputDim, layers, 'network');
      if (dataset.inputDim !== net.inputs) resizeInputs(net, dataset.inputDim);
      if (dataset.outputDim !== net.outputs) resizeOutputs(net, dataset.outputDim, state.config.network.init, state.rng);
      adaptOutputToTask(state, dataset.task, dataset.outputDim);
      state.dataset = dataset;
      state.config.dataset = cloneJson(o.value) as typeof from;
      state.resetOrder();
      return topologyChanged(state, what, datasetSummary(from), datasetSummary(state.config.dataset));
    }
  }
}

/** What a dataset event says changed: the settings a person picks, never the CSV text or literal rows. */
function datasetSummary(d: DatasetConfig): Partial<DatasetConfig> {
  const { csv: _csv, fixed: _fixed, ...settings } = d;
  return cloneJson(settings);
}

/** A new dataset of another task gets a matching output: sigmoid+BCE, softmax+CCE, or linear+squared error. */
function adaptOutputToTask(state: TrainingState, task: string, outputs: number): void {
  const training = state.config.training;
  const last = state.network.layers[state.network.layers.length - 1]!;
  if (task === 'multiclass' && outputs > 1 && last.activation.name !== 'softmax') {
    last.activation = getActivation('softmax');
    if (training.loss !== 'squaredError') training.loss = 'categoricalCrossEntropy';
  } else if (task === 'regression' && (last.activation.name === 'sigmoid' || last.activation.name === 'softmax')) {
    last.activation = getActivation('linear');
  } else if (task === 'binary' && last.activation.name === 'softmax') {
    last.activation = getActivation('sigmoid');
    if (training.loss === 'categoricalCrossEntropy') training.loss = 'binaryCrossEntropy';
  }
  if (training.loss === 'binaryCrossEntropy' && last.activation.name !== 'sigmoid') training.loss = 'squaredError';
  if (training.loss === 'categoricalCrossEntropy' && last.activation.name !== 'softmax') training.loss = 'squaredError';
  state.loss = getLoss(training.loss);
}

/** Plans an edit (drawing from the RNG), measures it, and takes it unless `keepOutput` refuses an output change. */
function settle(state: TrainingState, change: Record<string, unknown>, plan: () => EditPlan): OutputEffect {
  const keepOutput = change.keepOutput === undefined ? false : boolean(change.keepOutput, 'change.keepOutput');
  const rngBefore = state.rng.state();
  return settlePlan(state, plan(), keepOutput, rngBefore);
}

function topologyChanged(state: TrainingState, what: Change['what'], from: unknown, to: unknown, output?: OutputEffect): ChangeApplied {
  const network = state.config.network;
  network.inputs = state.network.inputs;
  network.layers = describeLayers(state.network);
  // Initial weights no longer fit the new shape; `reset('replay')` then draws from `init`.
  delete network.weights;
  state.refreshWorkspaces();
  state.resaveFinite();
  return output === undefined ? { what, from, to } : { what, from, to, output };
}
