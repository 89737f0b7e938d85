import { MT19937 } from '../rng/mt19937.js';

import { LIMITS } from '../contract/limits.js';
import type { CoreResult } from '../contract/errors.js';
import { splitTable } from './assemble.js';
import { parseCsv } from './csvParse.js';
import { boundingExtent } from './extent.js';
import { fail } from './fail.js';
import { splitRows } from './split.js';
import { defaultNames, tableDataset } from './tableDataset.js';
import { encodeLabels, outputDimOf } from './targets.js';
import type { Dataset, TaskKind } from './types.js';
import type { CommonSettings } from './validate.js';

/**
 * Reads the label column: non-negative integers 0..k-1 are classes (binary for k ≤ 2, else
 * multiclass), anything else is a regression target.
 */
function labelTask(labels: Float64Array): CoreResult<{ task: TaskKind; classes: number }> {
  let max = 0;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (!Number.isInteger(v) || v < 0) return { ok: true, value: { task: 'regression', classes: 0 } };
    if (v > max) max = v;
  }
  const classes = max + 1;
  if (classes > LIMITS.maxClasses) {
    return fail(
      'csv_too_many_classes',
      `label column has integer labels up to ${max}, that is ${classes} classes, at most ${LIMITS.maxClasses}; write a decimal point for a regression target`,
    );
  }
  return { ok: true, value: classes <= 2 ? { task: 'binary', classes: 2 } : { task: 'multiclass', classes } };
}

/** A dataset from CSV text: inputs are every column but the last, the last is the label. */
export function createCsvDataset(text: unknown, common: CommonSettings): CoreResult<Dataset> {
  const parsed = parseCsv(text);
  if (!parsed.ok) return parsed;
  const { header, columns, rows, values } = parsed.value;
  const inputDim = columns - 1;
  if (inputDim > LIMITS.maxInputs) {
    return fail('csv_too_many_columns', `CSV has ${inputDim} input columns, at most ${LIMITS.maxInputs}`);
  }

  const x = new Float64Array(rows * inputDim);
  const labels = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < inputDim; j++) x[i * inputDim + j] = values[i * columns + j]!;
    labels[i] = values[i * columns + inputDim]!;
  }
  const kind = labelTask(labels);
  if (!kind.ok) return kind;
  const { task, classes } = kind.value;

  const points = inputDim === 2 ? x : null;
  const table = { inputDim, outputDim: outputDimOf(task, classes), x, y: encodeLabels(labels, task, classes), points };
  const { train, test } = splitTable(table, splitRows(rows, common.testFraction, new MT19937(common.seed)));
  const featureNames = header === null ? defaultNames(inputDim) : header.slice(0, inputDim);
  return { ok: true, value: tableDataset(table, task, classes, train, test, featureNames, points === null ? null : boundingExtent(points)) };
}
