export { createDataset } from './createDataset.js';
export { DATASET_KINDS } from './kinds.js';
export { FEATURE_NAMES, DEFAULT_FEATURES } from './features.js';
export type { Dataset, Samples, TaskKind, Extent } from './types.js';
