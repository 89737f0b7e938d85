import { createDataset } from '../datasets/createDataset.js';
import type { Dataset } from '../datasets/types.js';
import { fail } from '../contract/check.js';
import type { ExperimentConfig } from '../contract/config.js';
import type { Engine } from './engine.js';
import { checkNetworkFitsDataset } from './shapeChecks.js';
import { TrainingState } from './state.js';
import { checkExperimentConfig } from '../validation/validateConfig.js';

/** Full check of an untrusted config; returns the clean config and its dataset. */
export function checkConfig(config: unknown): { clean: ExperimentConfig; dataset: Dataset } {
  const clean = checkExperimentConfig(config);
  const created = createDataset(clean.dataset);
  if (!created.ok) fail('dataset', created.message, created.code);
  checkNetworkFitsDataset(clean.network, created.value);
  return { clean, dataset: created.value };
}

/** Checks an untrusted config and builds the state of a fresh run; throws {@link LivepropConfigError}. */
export function createState(config: unknown, engine: Engine): TrainingState {
  const { clean, dataset } = checkConfig(config);
  return new TrainingState(clean, dataset, engine);
}
