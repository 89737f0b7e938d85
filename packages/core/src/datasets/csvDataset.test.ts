import { describe, expect, it } from 'vitest';
import type { Result } from '../contract/config.js';
import { LIMITS } from '../contract/limits.js';
import { createDataset } from './createDataset.js';
import type { Dataset } from './types.js';

function fromCsv(csv: unknown, testFraction = 0): Result<Dataset> {
  return createDataset({ kind: 'csv', samples: 0, noise: 0, testFraction, seed: 1, csv: csv as string });
}

function csvOk(csv: string, testFraction = 0): Dataset {
  const result = fromCsv(csv, testFraction);
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
}

function rowsOf(a: Float64Array, width: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < a.length; i += width) rows.push(Array.from(a.subarray(i, i + width)));
  return rows;
}

describe('CSV import', () => {
  it('reads a header, numeric inputs and a 0/1 label as a binary 2-D dataset', () => {
    const d = csvOk('height,weight,label\n1.5,2,1\n-3,4e-1,0\n.5,+6,1\n');
    expect([d.task, d.classes, d.inputDim, d.outputDim]).toEqual(['binary', 2, 2, 1]);
    expect(d.featureNames).toEqual(['height', 'weight']);
    expect(rowsOf(d.train.x, 2).sort((a, b) => a[0]! - b[0]!)).toEqual([[-3, 0.4], [0.5, 6], [1.5, 2]]);
    expect(d.train.count).toBe(3);
    expect(d.test.count).toBe(0);
  });

  it('keeps each row together with its label through the shuffle', () => {
    const d = csvOk('1,10,0\n2,20,1\n3,30,0\n4,40,1\n5,50,0\n');
    const rows = rowsOf(d.train.x, 2).map((x, i) => [...x, d.train.y[i]!]);
    expect(rows.sort((a, b) => a[0]! - b[0]!)).toEqual([[1, 10, 0], [2, 20, 1], [3, 30, 0], [4, 40, 1], [5, 50, 0]]);
  });

  it('accepts no header, CRLF, blank lines, surrounding whitespace and quoted cells', () => {
    const d = csvOk('\r\n 1 , 2 ,0\r\n\r\n   \n3,"4",1\r\n');
    expect(d.featureNames).toEqual(['x1', 'x2']);
    expect(d.train.count).toBe(2);
    expect(rowsOf(d.train.points, 2).sort((a, b) => a[0]! - b[0]!)).toEqual([[1, 2], [3, 4]]);
  });

  it('makes integer labels 0..k-1 with k > 2 multiclass, one-hot', () => {
    const d = csvOk('a,b,c,class\n0,0,0,0\n1,1,1,2\n2,2,2,1\n3,3,3,2\n');
    expect([d.task, d.classes, d.inputDim, d.outputDim]).toEqual(['multiclass', 3, 3, 3]);
    const byFirstInput = new Map(rowsOf(d.train.x, 3).map((x, i) => [x[0], Array.from(d.train.y.subarray(i * 3, i * 3 + 3))]));
    expect(byFirstInput.get(1)).toEqual([0, 0, 1]);
    expect(byFirstInput.get(2)).toEqual([0, 1, 0]);
  });

  it('makes non-integer or negative labels a regression target', () => {
    expect(csvOk('1,2,0.5\n3,4,1\n').task).toBe('regression');
    const d = csvOk('1,2,-1\n3,4,1\n');
    expect([d.task, d.classes, d.outputDim]).toEqual(['regression', 0, 1]);
  });

  it('gives 2-input data points and a padded extent, and other widths none', () => {
    const flat = csvOk('0,0,0\n10,5,1\n');
    expect(flat.extent).toEqual([-1, 11, -0.5, 5.5]);
    const out = new Float64Array(2);
    flat.features(3, 4, out);
    expect(Array.from(out)).toEqual([3, 4]);
    const wide = csvOk('1,2,3,0\n4,5,6,1\n');
    expect(wide.extent).toBeNull();
    expect(wide.train.points.length).toBe(0);
    expect(() => wide.features(1, 2, new Float64Array(3))).toThrow(/2-D data, this dataset has 3 inputs/);
    const single = csvOk('1,0\n2,1\n');
    expect([single.inputDim, single.extent]).toEqual([1, null]);
  });

  it('splits by testFraction, the same way for the same seed', () => {
    const csv = Array.from({ length: 100 }, (_, i) => `${i},${i % 7},${i % 2}`).join('\n');
    const a = csvOk(csv, 0.3);
    expect([a.train.count, a.test.count]).toEqual([70, 30]);
    expect(Array.from(csvOk(csv, 0.3).test.x)).toEqual(Array.from(a.test.x));
  });
});

describe('CSV import errors', () => {
  const cases: [string, string, string, RegExp][] = [
    ['a word in a data row', 'a,b,c\n1,2,0\n3,abc,1\n', 'csv_not_a_number', /^row 3, column 2: 'abc' is not a number$/],
    ['an empty cell', '1,2,0\n3,,1\n', 'csv_not_a_number', /^row 2, column 2: '' is not a number$/],
    ['a hex number', '1,2,0\n0x10,2,1\n', 'csv_not_a_number', /row 2, column 1: '0x10'/],
    ['a number too large for a double', '1,2,0\n1e400,2,1\n', 'csv_not_a_number', /row 2, column 1: '1e400'/],
    ['a short row', '1,2,0\n\n1,2,1\n3,1\n', 'csv_column_count', /^row 4 has 2 columns, expected 3$/],
    ['a long row after a header', 'a,b,c\n1,2,3,4\n', 'csv_column_count', /^row 2 has 4 columns, expected 3$/],
    ['an empty text', '', 'csv_no_rows', /no rows/],
    ['only blank lines', '\n \r\n\n', 'csv_no_rows', /no rows/],
    ['a header and nothing else', 'x,y,label\n', 'csv_no_rows', /header but no data rows/],
    ['one column', '1\n2\n', 'csv_too_few_columns', /row 1 has 1 column, expected at least 2/],
    ['labels with 65 classes', '0,0\n1,64\n', 'csv_too_many_classes', /labels up to 64, that is 65 classes, at most 64/],
  ];

  it.each(cases)('refuses %s, naming the row and column', (_name, csv, code, message) => {
    const result = fromCsv(csv);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('refuses a missing csv text', () => {
    expect(fromCsv(undefined)).toMatchObject({ ok: false, code: 'csv_missing', message: 'dataset.csv must be CSV text, got undefined' });
  });

  it('refuses text over the byte limit, counting multi-byte characters', () => {
    expect(fromCsv('1,0\n'.padEnd(LIMITS.maxCsvBytes + 1, ' '))).toMatchObject({ ok: false, code: 'csv_too_large' });
    const euros = '€'.repeat(Math.ceil(LIMITS.maxCsvBytes / 3) + 1);
    expect(euros.length).toBeLessThan(LIMITS.maxCsvBytes);
    expect(fromCsv(euros)).toMatchObject({ ok: false, code: 'csv_too_large' });
  });

  it('refuses more rows than the limit, counting data rows only', () => {
    const result = fromCsv(`a,b\n\n${'0,1\n'.repeat(LIMITS.maxDatasetRows)}1,0\n`);
    expect(result).toMatchObject({ ok: false, code: 'csv_too_many_rows' });
    if (!result.ok) expect(result.message).toMatch(/more than 1000000 rows \(row 1000003\)/);
  });
});
