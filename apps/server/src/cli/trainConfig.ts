import {
  createDataset,
  defaultOptimizer,
  getPreset,
  PRESET_NAMES,
  DATASET_KINDS,
  type ActivationName,
  type Dataset,
  type ExperimentConfig,
  type LayerConfig,
  type LossName,
  type TaskKind,
} from '@liveprop/core';
import type { TrainFlags } from './trainFlags.js';
import { usageError, type CliResult } from './usageError.js';

/** An experiment built from flags, with the dataset it makes (to size the network and list the training inputs). */
export interface TrainSetup {
  config: ExperimentConfig;
  dataset: Dataset;
  preset: string | null;
}

const GENERATED_KINDS = DATASET_KINDS.filter((k) => k !== 'csv' && k !== 'fixed');

const OUTPUT_BY_TASK: Record<TaskKind, { activation: ActivationName; loss: LossName }> = {
  binary: { activation: 'sigmoid', loss: 'binaryCrossEntropy' },
  multiclass: { activation: 'softmax', loss: 'categoricalCrossEntropy' },
  regression: { activation: 'linear', loss: 'squaredError' },
};

/** The experiment `--data FILE` starts from before overrides: 2 hidden tanh layers of 8, Adam. */
function csvExperiment(): ExperimentConfig {
  return {
    seed: 1,
    dataset: { kind: 'csv', samples: 0, noise: 0, testFraction: 0.2, seed: 1 },
    network: {
      inputs: 1,
      layers: [8, 8, 1].map((units) => ({ units, activation: 'tanh', bias: { kind: 'perNeuron' } })),
      init: { kind: 'xavier' },
    },
    training: {
      loss: 'binaryCrossEntropy',
      reduction: 'mean',
      optimizer: defaultOptimizer('adam', 0.01),
      batchSize: 10,
      regularization: { kind: 'none' },
      shuffle: true,
    },
  };
}

function baseExperiment(flags: TrainFlags): CliResult<{ config: ExperimentConfig; preset: string | null }> {
  if (flags.preset !== undefined) {
    const config = getPreset(flags.preset);
    if (!config) return usageError('--preset', `unknown preset "${flags.preset}"; expected one of ${PRESET_NAMES.join(', ')}`);
    return { ok: true, value: { config, preset: flags.preset } };
  }
  if (flags.dataset !== undefined) {
    const config = (GENERATED_KINDS as readonly string[]).includes(flags.dataset) ? getPreset(flags.dataset) : undefined;
    if (!config) return usageError('--dataset', `unknown dataset "${flags.dataset}"; expected one of ${GENERATED_KINDS.join(', ')} (or --data FILE for CSV)`);
    return { ok: true, value: { config, preset: null } };
  }
  if (flags.data !== undefined) return { ok: true, value: { config: csvExperiment(), preset: null } };
  return usageError('--preset', 'nothing to train: give --preset NAME, --dataset KIND or --data FILE');
}

function applyDatasetFlags(config: ExperimentConfig, flags: TrainFlags, csv: string | undefined): void {
  const dataset = config.dataset;
  if (csv !== undefined) {
    config.dataset = { kind: 'csv', csv, samples: 0, noise: 0, testFraction: dataset.kind === 'csv' ? dataset.testFraction : 0.2, seed: dataset.seed };
  }
  const d = config.dataset;
  if (flags.samples !== undefined) d.samples = flags.samples;
  if (flags.noise !== undefined) d.noise = flags.noise;
  if (flags.testFraction !== undefined) d.testFraction = flags.testFraction;
  if (flags.features !== undefined) d.features = flags.features;
  else if (flags.layers?.[0] === 2 && (d.features?.length ?? 2) !== 2 && d.kind !== 'csv') {
    // `--layers 2,…` on a preset that feeds extra features means the plain (x1, x2) plane.
    delete d.features;
  }
  if (flags.seed !== undefined) d.seed = flags.seed;
}

/**
 * Resizes the network to the dataset (or to `--layers`) and applies the activation flags. The CSV default's output
 * is a placeholder until the file's labels tell the task, so `fitOutputToTask` refits it even when its size fits.
 */
function applyNetworkFlags(config: ExperimentConfig, flags: TrainFlags, dataset: Dataset, fitOutputToTask: boolean): CliResult<void> {
  const network = config.network;
  const outputLayer = network.layers[network.layers.length - 1]!;
  const byTask = OUTPUT_BY_TASK[dataset.task];
  let sizes = flags.layers;
  if (sizes) {
    if (sizes[0] !== dataset.inputDim) {
      return usageError('--layers', `the first size is the input count: the dataset has ${dataset.inputDim} inputs, --layers starts with ${sizes[0]}`);
    }
    if (sizes[sizes.length - 1] !== dataset.outputDim) {
      return usageError('--layers', `the last size is the output count: the dataset has ${dataset.outputDim} outputs, --layers ends with ${sizes[sizes.length - 1]}`);
    }
  } else if (fitOutputToTask || network.inputs !== dataset.inputDim || outputLayer.units !== dataset.outputDim) {
    sizes = [dataset.inputDim, ...network.layers.slice(0, -1).map((l) => l.units), dataset.outputDim];
  }
  const outputChanged = fitOutputToTask || outputLayer.units !== dataset.outputDim;
  if (sizes) {
    const hidden = network.layers[0]!.activation;
    const bias = network.layers[0]!.bias.kind === 'perNeuron' ? network.layers[0]!.bias : { kind: 'perNeuron' as const };
    const layers: LayerConfig[] = sizes.slice(1).map((units) => ({ units, activation: hidden, bias }));
    layers[layers.length - 1]!.activation = outputChanged ? byTask.activation : outputLayer.activation;
    config.network = { inputs: sizes[0]!, layers, init: network.init.kind === 'constant' ? { kind: 'xavier' } : network.init };
    if (outputChanged && flags.loss === undefined) config.training.loss = byTask.loss;
  }
  const layers = config.network.layers;
  if (flags.activation !== undefined) for (const layer of layers.slice(0, -1)) layer.activation = flags.activation;
  if (flags.outputActivation !== undefined) layers[layers.length - 1]!.activation = flags.outputActivation;
  return { ok: true, value: undefined };
}

function applyTrainingFlags(config: ExperimentConfig, flags: TrainFlags): void {
  const training = config.training;
  if (flags.loss !== undefined) training.loss = flags.loss;
  if (flags.reduction !== undefined) training.reduction = flags.reduction;
  const learningRate = flags.lr ?? training.optimizer.learningRate;
  training.optimizer =
    flags.optimizer !== undefined && flags.optimizer !== training.optimizer.kind
      ? defaultOptimizer(flags.optimizer, learningRate)
      : { ...training.optimizer, learningRate };
  if (flags.batch !== undefined) training.batchSize = flags.batch;
  if (flags.l1 !== undefined) training.regularization = { kind: 'l1', rate: flags.l1 };
  if (flags.l2 !== undefined) training.regularization = { kind: 'l2', rate: flags.l2 };
  if (flags.seed !== undefined) config.seed = flags.seed;
}

/**
 * The experiment the flags describe: a preset, a generated dataset's preset or the CSV default, then every
 * override. `csv` is the text of `--data`. Dataset problems (a bad CSV row) come back naming the flag.
 */
export function buildTrainSetup(flags: TrainFlags, csv: string | undefined): CliResult<TrainSetup> {
  const base = baseExperiment(flags);
  if (!base.ok) return base;
  const config = base.value.config;
  if (flags.layers !== undefined || flags.features !== undefined || csv !== undefined) delete config.network.weights;
  applyDatasetFlags(config, flags, csv);
  const dataset = createDataset(config.dataset);
  if (!dataset.ok) {
    const flag = csv !== undefined ? `--data ${flags.data}` : flags.preset !== undefined ? '--preset' : '--dataset';
    return usageError(flag, dataset.message);
  }
  const network = applyNetworkFlags(config, flags, dataset.value, base.value.preset === null && config.dataset.kind === 'csv');
  if (!network.ok) return network;
  applyTrainingFlags(config, flags);
  return { ok: true, value: { config, dataset: dataset.value, preset: base.value.preset } };
}
