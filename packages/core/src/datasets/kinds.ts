import type { DatasetKind } from '../contract/config.js';

/** Every dataset kind `createDataset` accepts. */
export const DATASET_KINDS: readonly DatasetKind[] = [
  'xor', 'circle', 'gauss', 'spiral', 'moons', 'plane', 'regressGauss', 'csv', 'fixed',
];

/** Kinds drawn by a seeded generator in the 2-D plane. */
export type GeneratedKind = Exclude<DatasetKind, 'csv' | 'fixed'>;

/** Generated kinds that may have more than two classes. */
export const MULTICLASS_KINDS: readonly GeneratedKind[] = ['gauss', 'spiral'];

/** Generated kinds whose target is a real value. */
export const REGRESSION_KINDS: readonly GeneratedKind[] = ['plane', 'regressGauss'];
