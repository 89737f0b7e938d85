import { PackedEpochs } from '@liveprop/core';
import { describe, expect, it } from 'vitest';
import { ChunkFormatError, chunkRow, decodeChunk, encodeChunk } from './metricChunk.js';
import { DEFLATED_MARKER, decodeStoredChunk, encodeStoredChunk } from './storedChunk.js';
import { StoredDataError } from './storedDataError.js';
import type { EpochMetricsRow } from './types.js';

function row(epoch: number, overrides: Partial<EpochMetricsRow> = {}): EpochMetricsRow {
  return {
    epoch,
    trainLoss: 1 / (epoch + 3),
    testLoss: 1.5 / (epoch + 7),
    trainAccuracy: (epoch % 10) / 10,
    testAccuracy: (epoch % 9) / 9,
    learningRate: 0.03,
    epochMs: 0.1 + epoch * 1e-3,
    ...overrides,
  };
}

const encode = (rows: readonly EpochMetricsRow[]): Buffer => encodeChunk(PackedEpochs.of(rows));

function roundTrip(rows: EpochMetricsRow[]): EpochMetricsRow[] {
  const chunk = decodeChunk(encode(rows));
  return Array.from({ length: chunk.count }, (_, i) => chunkRow(chunk, i));
}

describe('metric chunk codec', () => {
  it('round-trips consecutive epochs exactly', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => row(500 + i));
    expect(roundTrip(rows)).toEqual(rows);
  });

  it('round-trips gaps, nulls, NaN, infinities and negative zero bit for bit', () => {
    const rows = [
      row(1, { trainAccuracy: null }),
      row(5, { trainLoss: Number.NaN, testAccuracy: null }),
      row(6, { testLoss: Number.POSITIVE_INFINITY, learningRate: 0.5 }),
      row(40, { epochMs: -0, trainLoss: Number.MIN_VALUE }),
      row(41, { trainAccuracy: null, testAccuracy: null }),
    ];
    const back = roundTrip(rows);
    expect(back).toEqual(rows);
    expect(Object.is(back[3]!.epochMs, -0)).toBe(true);
  });

  it('keeps all-null accuracy columns null (regression) and stores them in no space', () => {
    const regression = Array.from({ length: 100 }, (_, i) => row(i, { trainAccuracy: null, testAccuracy: null }));
    const classification = Array.from({ length: 100 }, (_, i) => row(i));
    expect(roundTrip(regression)).toEqual(regression);
    expect(encode(regression).length).toBeLessThan(encode(classification).length - 1500);
  });

  it('packs a typical epoch (consecutive, constant learning rate) into about 40 bytes', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => row(i));
    expect(encode(rows).length / rows.length).toBeLessThanOrEqual(41);
  });

  it('round-trips a single epoch', () => {
    expect(roundTrip([row(7)])).toEqual([row(7)]);
  });

  it('rejects truncated bytes and unknown versions instead of inventing values', () => {
    const blob = encode(Array.from({ length: 10 }, (_, i) => row(i)));
    expect(() => decodeChunk(blob.subarray(0, blob.length - 3))).toThrow(ChunkFormatError);
    const wrongVersion = Buffer.from(blob);
    wrongVersion[0] = 99;
    expect(() => decodeChunk(wrongVersion)).toThrow(/expected chunk format 1, got 99/);
    expect(() => decodeChunk(new Uint8Array(3))).toThrow(/expected at least 8 bytes, got 3/);
  });
});

describe('chunk bytes', () => {
  // Hex written by the encoder as it was before it read packed epochs (from records, 76260d0): the format is unchanged.
  const golden: Array<[string, EpochMetricsRow[], string]> = [
    ['a sequence, a constant, NaN, -0, ±Infinity, a subnormal, null and NaN accuracies, an all-null column', [
      row(9, { trainLoss: 0.125, testLoss: 2, trainAccuracy: 0.5, testAccuracy: null, epochMs: 0.0007 }),
      row(10, { trainLoss: Number.NaN, testLoss: 2, trainAccuracy: null, testAccuracy: null, epochMs: 1e-9 }),
      row(11, { trainLoss: -0, testLoss: 2, trainAccuracy: Number.NaN, testAccuracy: null, epochMs: 12.5 }),
      row(12, { trainLoss: Number.POSITIVE_INFINITY, testLoss: 2, trainAccuracy: 1, testAccuracy: null, epochMs: 0 }),
      row(13, { trainLoss: 5e-324, testLoss: 2, trainAccuracy: null, testAccuracy: null, epochMs: 3 }),
    ], '010007000500000003000000000000224000000000000000c03f000000000000f87f0000000000000080000000000000f07f01000000000000000100000000000000400412000000000000e03f0000000000000000000000000000f87f000000000000f03f00000000000000000201b81e85eb51b89e3f00c7bab88d06f0463f95d626e80b2e113e000000000000294000000000000000000000000000000840'],
    ['epochs with a gap, every column full', [
      { epoch: 1, trainLoss: 1, testLoss: Number.NEGATIVE_INFINITY, trainAccuracy: 0.25, testAccuracy: 0.75, learningRate: 0.1, epochMs: 1 },
      { epoch: 3, trainLoss: 0.5, testLoss: 1e300, trainAccuracy: 0.5, testAccuracy: 0.75, learningRate: 0.05, epochMs: 1 },
    ], '010007000200000000000000000000f03f000000000000084000000000000000f03f000000000000e03f00000000000000f0ff9c7500883ce4377e00000000000000d03f000000000000e03f01000000000000e83f009a9999999999b93f9a9999999999a93f01000000000000f03f'],
  ];

  it.each(golden)('packed epochs encode to the bytes records did: %s', (_, rows, hex) => {
    expect(encode(rows).toString('hex')).toBe(hex);
  });
});

describe('stored chunk cells', () => {
  const rows = Array.from({ length: 2000 }, (_, i) => row(i, { trainAccuracy: Math.round((i % 37) * 2.7) / 100 }));

  it('deflates when that is smaller and decodes to the same rows', () => {
    const cell = encodeStoredChunk(PackedEpochs.of(rows), true);
    expect(cell[0]).toBe(DEFLATED_MARKER);
    expect(cell.length).toBeLessThan(encode(rows).length * 0.8);
    const chunk = decodeStoredChunk(cell);
    expect(Array.from({ length: chunk.count }, (_, i) => chunkRow(chunk, i))).toEqual(rows);
  });

  it('stores uncompressed cells as plain packed chunks and reads them back', () => {
    const cell = encodeStoredChunk(PackedEpochs.of(rows), false);
    expect(cell.equals(encode(rows))).toBe(true);
    expect(decodeStoredChunk(cell).count).toBe(2000);
  });

  it('reports a damaged deflated cell as stored-data damage', () => {
    const cell = encodeStoredChunk(PackedEpochs.of(rows), true);
    const damaged = Buffer.concat([cell.subarray(0, 20), Buffer.alloc(50, 0xff)]);
    expect(() => decodeStoredChunk(damaged)).toThrow(StoredDataError);
  });
});
