import { describe, expect, it } from 'vitest';
import { EPOCH_COLUMNS, EPOCH_LOG_STRIDE, EpochLog, PackedEpochs, type EpochMetrics } from '../index.js';

const ODD: EpochMetrics[] = [
  { epoch: 1, trainLoss: 0.1234567890123, testLoss: 0.2, trainAccuracy: 0.5, testAccuracy: 0.25, learningRate: 0.03, epochMs: 0.0007 },
  { epoch: 2, trainLoss: Number.NaN, testLoss: Number.POSITIVE_INFINITY, trainAccuracy: null, testAccuracy: null, learningRate: 3, epochMs: 1e-9 },
  { epoch: 2 ** 40, trainLoss: -0, testLoss: Number.NEGATIVE_INFINITY, trainAccuracy: Number.NaN, testAccuracy: null, learningRate: 1e-300, epochMs: 12.5 },
  { epoch: 4, trainLoss: 5e-324, testLoss: Number.NaN, trainAccuracy: null, testAccuracy: 1, learningRate: Number.NaN, epochMs: 0 },
];

describe('PackedEpochs', () => {
  it('reads back what an EpochLog packed, value by value and as records: NaN, ±Infinity, -0, subnormals, null and NaN accuracies', () => {
    const log = new EpochLog();
    for (const m of ODD) log.push(m);
    const packed = new PackedEpochs(log.take());
    expect(packed.length).toBe(4);
    expect(packed.records()).toEqual(ODD);
    expect(Object.is(packed.at(2).trainLoss, -0)).toBe(true);
    for (let k = 0; k < ODD.length; k++) {
      expect(packed.epoch(k)).toBe(ODD[k]!.epoch);
      expect(EPOCH_COLUMNS.map((c, i) => packed.value(k, i))).toEqual(EPOCH_COLUMNS.map((c) => ODD[k]![c]));
    }
    expect(PackedEpochs.of(ODD).data).toEqual(packed.data);
    expect(PackedEpochs.of(packed)).toBe(packed);
  });

  it('packs a null accuracy as NaN in its own slot, so a row read as it is gives null as NaN', () => {
    const packed = PackedEpochs.of(ODD);
    for (let k = 0; k < ODD.length; k++) {
      const row = Array.from(packed.data.subarray(k * EPOCH_LOG_STRIDE, k * EPOCH_LOG_STRIDE + EPOCH_COLUMNS.length));
      expect(row, `epoch ${k}`).toEqual(EPOCH_COLUMNS.map((c) => ODD[k]![c] ?? Number.NaN));
    }
    expect(Object.is(packed.data[2 * EPOCH_LOG_STRIDE + 1], -0)).toBe(true);
    expect([packed.value(1, 3), packed.value(2, 3)]).toEqual([null, Number.NaN]);
  });

  it('reads one column at a time, a null accuracy as NaN and flagged, a NaN accuracy as NaN and not', () => {
    const packed = PackedEpochs.of(ODD);
    const into = new Float64Array(6).fill(7);
    const nulls = new Uint8Array(6).fill(9);
    EPOCH_COLUMNS.forEach((c, i) => {
      const nullCount = packed.column(i, into, nulls);
      expect(Array.from(into), c).toEqual([...ODD.map((m) => m[c] ?? Number.NaN), 7, 7]);
      expect(Array.from(nulls), c).toEqual([...ODD.map((m) => (m[c] === null ? 1 : 0)), 9, 9]);
      expect(nullCount, c).toBe(ODD.filter((m) => m[c] === null).length);
    });
    expect(packed.column(3, into)).toBe(2);
  });

  it('concatenates and slices without changing a number', () => {
    const all = PackedEpochs.of(ODD);
    const joined = PackedEpochs.concat([all.subarray(0, 1), all.subarray(1, 1), all.subarray(1, 4)]);
    expect(joined.records()).toEqual(ODD);
    expect(PackedEpochs.concat([all])).toBe(all);
    expect(PackedEpochs.concat([]).length).toBe(0);
  });

  it('refuses an array that is not whole epochs', () => {
    expect(() => new PackedEpochs(new Float64Array(9))).toThrow(/expected a multiple of 8 numbers, got 9/);
  });
});
