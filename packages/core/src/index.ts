/** @liveprop/core — the training engine: dense networks over Float64Array, datasets, presets. */
export const CORE_VERSION = '0.1.0';

export type {
  ActivationName,
  BiasConfig,
  Change,
  ChangeApplied,
  DatasetConfig,
  DatasetKind,
  EpochMetrics,
  ExperimentConfig,
  FeatureName,
  InitConfig,
  LayerConfig,
  LayerSnapshot,
  LayerWeights,
  LossName,
  NetworkConfig,
  OptimizerConfig,
  OutputEffect,
  Reduction,
  RegularizationConfig,
  Result,
  Snapshot,
  TrainingConfig,
} from './contract/config.js';
export { CONFIG_RANGES, LIMITS } from './contract/limits.js';
export { CORE_ERROR_CODES, LivepropConfigError, type CoreErrorCode, type CoreResult } from './contract/errors.js';
export { Trainer, type TrainerBackend, type TrainerOptions } from './training/trainer.js';
export { EpochLog, unpackEpochs } from './training/epochLog.js';
export { EPOCH_COLUMNS, EPOCH_LOG_STRIDE, PackedEpochs, type EpochBatch, type EpochColumn } from './training/packedEpochs.js';
export type { LayerTrace, SnapshotOptions, StepTrace, TraceDims, TraceOptions } from './training/traceTypes.js';
export type { CheckpointLayer, TrainerCheckpoint } from './training/checkpoint.js';
export { configChanges, reconcile, type Reconciled } from './training/reconcile.js';

export { MODEL_FORMAT, type ModelJson, type ModelLayerJson } from './model/modelJson.js';
export { parseModel, type ParsedModel } from './model/parseModel.js';

export { PRESETS, PRESET_NAMES, getPreset, getPresetInfo } from './presets/registry.js';
export type { Preset } from './presets/preset.js';

export { ACTIVATION_NAMES, getActivation } from './activations/registry.js';
export type { Activation } from './activations/activation.js';
export { LOSS_NAMES, getLoss } from './losses/registry.js';
export type { Loss } from './losses/loss.js';
export { denseForward, denseBackwardWeights, denseBackwardInput, tsDenseKernels, type DenseKernels } from './layers/denseKernels.js';
export { DenseLayer } from './layers/denseLayer.js';
export { allocateFloat64, releaseNothing, type Allocate, type Release } from './layers/allocate.js';
export { OPTIMIZER_KINDS, defaultOptimizer } from './optimizers/defaults.js';
export { Network } from './network/network.js';
export { Workspace } from './network/workspace.js';

export { MT19937, type Mt19937State } from './rng/mt19937.js';
export type { Rng } from './rng/rng.js';
export { shuffleInPlace } from './rng/shuffle.js';
export { createDataset, DATASET_KINDS, FEATURE_NAMES, DEFAULT_FEATURES } from './datasets/index.js';
export type { Dataset, Samples, TaskKind, Extent } from './datasets/index.js';
export { createWasmKernels, DEFAULT_MIN_WASM_WORK, type WasmKernels, type WasmKernelsOptions } from './kernels/wasmKernels.js';
export { type TinyStep } from './kernels/tinyStep.js';
export { TINY_EPOCHS_MAX, type TinyAccuracy, type TinyEpochs } from './kernels/tinyEpochs.js';
export { TINY_STEP_MAX_WORK } from './kernels/tinyTable.js';
