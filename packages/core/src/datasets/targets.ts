import type { TaskKind } from './types.js';

/** Width of the target rows: one output for binary and regression, one per class for multiclass. */
export function outputDimOf(task: TaskKind, classes: number): number {
  return task === 'multiclass' ? classes : 1;
}

/**
 * Turns one label per row into target rows `[count][outputDim]`: class index to one-hot for
 * multiclass, copied as is for binary (0/1) and regression.
 */
export function encodeLabels(labels: Float64Array, task: TaskKind, classes: number): Float64Array {
  if (task !== 'multiclass') return labels.slice();
  const y = new Float64Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) y[i * classes + labels[i]!] = 1;
  return y;
}
