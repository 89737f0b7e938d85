import type { DatasetConfig } from '../contract/config.js';
import { LIMITS } from '../contract/limits.js';
import type { CoreResult } from '../contract/errors.js';
import { splitTable } from './assemble.js';
import { boundingExtent } from './extent.js';
import { describe, fail } from './fail.js';
import { trainOnly } from './split.js';
import { defaultNames, tableDataset } from './tableDataset.js';
import type { Dataset, TaskKind } from './types.js';

const INVALID_FIXED = 'invalid_fixed_data';

/** Copies `rows[n][width]` into a flat array, or says which cell is wrong. */
function flatten(rows: unknown, field: string, count: number, maxWidth: number): CoreResult<{ width: number; values: Float64Array }> {
  if (!Array.isArray(rows) || rows.length !== count) {
    return fail(INVALID_FIXED, `dataset.fixed.${field} must be an array of ${count} rows, got ${describe(rows)}`);
  }
  const first: unknown = rows[0];
  const width = Array.isArray(first) ? first.length : 0;
  if (width < 1 || width > maxWidth) {
    return fail(INVALID_FIXED, `dataset.fixed.${field}[0] must be an array of 1..${maxWidth} numbers, got ${describe(first)}`);
  }
  const values = new Float64Array(count * width);
  for (let i = 0; i < count; i++) {
    const row: unknown = rows[i];
    if (!Array.isArray(row) || row.length !== width) {
      return fail(INVALID_FIXED, `dataset.fixed.${field}[${i}] must have ${width} numbers like row 0, got ${describe(row)}`);
    }
    for (let j = 0; j < width; j++) {
      const v: unknown = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        return fail(INVALID_FIXED, `dataset.fixed.${field}[${i}][${j}] must be a finite number, got ${describe(v)}`);
      }
      values[i * width + j] = v;
    }
  }
  return { ok: true, value: { width, values } };
}

/** One 0/1 column is binary, one-hot rows are multiclass, anything else regression. */
function inferTask(y: Float64Array, width: number): { task: TaskKind; classes: number } {
  let zeroOne = true;
  let oneHot = width > 1;
  for (let i = 0; i < y.length; i += width) {
    let ones = 0;
    for (let j = 0; j < width; j++) {
      const v = y[i + j]!;
      if (v === 1) ones++;
      else if (v !== 0) zeroOne = false;
    }
    if (ones !== 1) oneHot = false;
  }
  if (zeroOne && width === 1) return { task: 'binary', classes: 2 };
  if (zeroOne && oneHot) return { task: 'multiclass', classes: width };
  return { task: 'regression', classes: 0 };
}

/** The tutorials' literal samples, all used for training in the order given; the test split is empty. */
export function createFixedDataset(fixed: DatasetConfig['fixed']): CoreResult<Dataset> {
  if (typeof fixed !== 'object' || fixed === null) {
    return fail(INVALID_FIXED, `dataset.fixed must be {inputs, targets} for kind fixed, got ${describe(fixed)}`);
  }
  const count = Array.isArray(fixed.inputs) ? fixed.inputs.length : 0;
  if (count < 1 || count > LIMITS.maxDatasetRows) {
    return fail(INVALID_FIXED, `dataset.fixed.inputs must be an array of 1..${LIMITS.maxDatasetRows} rows, got ${describe(fixed.inputs)}`);
  }
  const inputs = flatten(fixed.inputs, 'inputs', count, LIMITS.maxInputs);
  if (!inputs.ok) return inputs;
  const targets = flatten(fixed.targets, 'targets', count, LIMITS.maxUnitsPerLayer);
  if (!targets.ok) return targets;

  const inputDim = inputs.value.width;
  const outputDim = targets.value.width;
  const { task, classes } = inferTask(targets.value.values, outputDim);
  const points = inputDim === 2 ? inputs.value.values : null;
  const table = { inputDim, outputDim, x: inputs.value.values, y: targets.value.values, points };
  const { train, test } = splitTable(table, trainOnly(count));
  const extent = points === null ? null : boundingExtent(points);
  return { ok: true, value: tableDataset(table, task, classes, train, test, defaultNames(inputDim), extent) };
}
