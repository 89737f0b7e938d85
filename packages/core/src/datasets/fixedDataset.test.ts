import { describe, expect, it } from 'vitest';
import type { DatasetConfig, Result } from '../contract/config.js';
import { createDataset } from './createDataset.js';
import type { Dataset } from './types.js';

function fromFixed(fixed: unknown): Result<Dataset> {
  return createDataset({ kind: 'fixed', samples: 0, noise: 0, testFraction: 0.5, seed: 1, fixed } as DatasetConfig);
}

function fixedOk(inputs: number[][], targets: number[][]): Dataset {
  const result = fromFixed({ inputs, targets });
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
}

describe('fixed datasets (the tutorials)', () => {
  it('keeps every sample for training, in the given order, whatever the test fraction', () => {
    const d = fixedOk([[1, 1, 1], [1, 0, 1], [0, 1, 1], [0, 0, 1]], [[0], [1], [1], [0]]);
    expect([d.task, d.classes, d.inputDim, d.outputDim]).toEqual(['binary', 2, 3, 1]);
    expect(Array.from(d.train.x)).toEqual([1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1]);
    expect(Array.from(d.train.y)).toEqual([0, 1, 1, 0]);
    expect(d.test.count).toBe(0);
    expect([d.extent, d.train.points.length]).toEqual([null, 0]);
    expect(d.featureNames).toEqual(['x1', 'x2', 'x3']);
  });

  it('gives 2-input data points and an extent for the decision surface', () => {
    const d = fixedOk([[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]]);
    expect(Array.from(d.train.points)).toEqual([0, 0, 0, 1, 1, 0, 1, 1]);
    expect(d.extent).toEqual([-0.1, 1.1, -0.1, 1.1]);
  });

  it('infers multiclass from one-hot targets and regression from anything else', () => {
    const oneHot = fixedOk([[1.2, 0.7]], [[0, 1]]);
    expect([oneHot.task, oneHot.classes, oneHot.outputDim]).toEqual(['multiclass', 2, 2]);
    const soft = fixedOk([[0.05, 0.1]], [[0.01, 0.99]]);
    expect([soft.task, soft.classes, soft.outputDim]).toEqual(['regression', 0, 2]);
    const notOneHot = fixedOk([[1, 2], [3, 4]], [[1, 1], [0, 0]]);
    expect(notOneHot.task).toBe('regression');
  });

  const bad: [string, unknown, RegExp][] = [
    ['no fixed data', undefined, /dataset\.fixed must be \{inputs, targets\}/],
    ['no input rows', { inputs: [], targets: [] }, /dataset\.fixed\.inputs must be an array of 1\.\.1000000 rows, got an array of 0/],
    ['fewer targets than inputs', { inputs: [[1], [2]], targets: [[1]] }, /dataset\.fixed\.targets must be an array of 2 rows, got an array of 1/],
    ['a ragged input row', { inputs: [[1, 2], [3]], targets: [[1], [0]] }, /dataset\.fixed\.inputs\[1\] must have 2 numbers like row 0, got an array of 1/],
    ['a NaN input', { inputs: [[1, Number.NaN]], targets: [[1]] }, /dataset\.fixed\.inputs\[0\]\[1\] must be a finite number, got NaN/],
    ['a string target', { inputs: [[1]], targets: [['1']] }, /dataset\.fixed\.targets\[0\]\[0\] must be a finite number, got "1"/],
    ['an empty input row', { inputs: [[]], targets: [[1]] }, /dataset\.fixed\.inputs\[0\] must be an array of 1\.\.1024 numbers/],
  ];

  it.each(bad)('refuses %s, naming the cell', (_name, fixed, message) => {
    const result = fromFixed(fixed);
    expect(result).toMatchObject({ ok: false, code: 'invalid_fixed_data' });
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
