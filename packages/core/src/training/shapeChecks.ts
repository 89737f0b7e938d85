import type { Dataset } from '../datasets/types.js';
import { fail } from '../contract/check.js';
import type { NetworkConfig } from '../contract/config.js';
import { LIMITS } from '../contract/limits.js';

/** A dataset the trainer can use: at least one training row, and dimensions within {@link LIMITS}. */
export function checkShapeAgainstDataset(dataset: Dataset, path: string): void {
  if (dataset.train.count === 0) fail(path, 'the dataset has no training rows');
  if (dataset.inputDim > LIMITS.maxInputs) {
    fail(path, `the dataset has ${dataset.inputDim} input columns; the limit is ${LIMITS.maxInputs}`, 'limit_exceeded');
  }
}

/** The network's input and output widths must equal the dataset's. */
export function checkNetworkFitsDataset(network: NetworkConfig, dataset: Dataset): void {
  checkShapeAgainstDataset(dataset, 'dataset');
  if (network.inputs !== dataset.inputDim) {
    fail('network.inputs', `the network takes ${network.inputs} inputs but the dataset has ${dataset.inputDim} features`);
  }
  const outputs = network.layers[network.layers.length - 1]!.units;
  if (outputs !== dataset.outputDim) {
    fail(
      `network.layers[${network.layers.length - 1}].units`,
      `the output layer has ${outputs} units but the dataset has ${dataset.outputDim} target columns`,
    );
  }
}

/** A layer size for a live edit: a positive integer within the per-layer limit. */
export function checkLayerFits(units: unknown, layer: number): void {
  if (typeof units !== 'number' || !Number.isInteger(units) || units < 1) {
    fail('change.units', `expected a positive integer number of units, got ${String(units)}`);
  }
  if (units > LIMITS.maxUnitsPerLayer) {
    fail('change.units', `layer ${layer} would have ${units} units; the limit is ${LIMITS.maxUnitsPerLayer}`, 'limit_exceeded');
  }
}
