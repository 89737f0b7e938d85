import type { ExperimentConfig } from '@liveprop/core';

/** Whether the session holds out test rows: fixed (tutorial) data trains on every row, other kinds split by `testFraction`. */
export function hasTestSplit(config: ExperimentConfig | null): boolean {
  if (!config) return false;
  return config.dataset.kind !== 'fixed' && config.dataset.testFraction > 0;
}
