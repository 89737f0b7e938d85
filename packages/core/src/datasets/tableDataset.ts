import type { Table } from './assemble.js';
import type { Dataset, Extent, Samples, TaskKind } from './types.js';

/**
 * Wraps literal rows (CSV, fixed) as a {@link Dataset}. Their inputs are the raw columns, so when
 * there are two the features of a point are its coordinates.
 */
export function tableDataset(
  table: Table,
  task: TaskKind,
  classes: number,
  train: Samples,
  test: Samples,
  featureNames: string[],
  extent: Extent | null,
): Dataset {
  const { inputDim } = table;
  return {
    inputDim,
    outputDim: table.outputDim,
    task,
    classes,
    train,
    test,
    featureNames,
    extent,
    features(px: number, py: number, out: Float64Array): void {
      if (inputDim !== 2) throw new Error(`features(px, py) needs 2-D data, this dataset has ${inputDim} inputs`);
      out[0] = px;
      out[1] = py;
    },
  };
}

/** `x1`, `x2`, … for unnamed input columns. */
export function defaultNames(inputDim: number): string[] {
  const names: string[] = [];
  for (let j = 1; j <= inputDim; j++) names.push(`x${j}`);
  return names;
}
