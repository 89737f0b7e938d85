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

function roundTrip(rows: EpochMetricsRow[]): EpochMetricsRow[] {
  const chunk = decodeChunk(encodeChunk(rows));
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
    expect(encodeChunk(regression).length).toBeLessThan(encodeChunk(classification).length - 1500);
  });

  it('packs a typical epoch (consecutive, constant learning rate) into about 40 bytes', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => row(i));
    expect(encodeChunk(rows).length / rows.length).toBeLessThanOrEqual(41);
  });

  it('round-trips a single epoch', () => {
    expect(roundTrip([row(7)])).toEqual([row(7)]);
  });

  it('rejects truncated bytes and unknown versions instead of inventing values', () => {
    const blob = encodeChunk(Array.from({ length: 10 }, (_, i) => row(i)));
    expect(() => decodeChunk(blob.subarray(0, blob.length - 3))).toThrow(ChunkFormatError);
    const wrongVersion = Buffer.from(blob);
    wrongVersion[0] = 99;
    expect(() => decodeChunk(wrongVersion)).toThrow(/expected chunk format 1, got 99/);
    expect(() => decodeChunk(new Uint8Array(3))).toThrow(/expected at least 8 bytes, got 3/);
  });
});

describe('stored chunk cells', () => {
  const rows = Array.from({ length: 2000 }, (_, i) => row(i, { trainAccuracy: Math.round((i % 37) * 2.7) / 100 }));

  it('deflates when that is smaller and decodes to the same rows', () => {
    const cell = encodeStoredChunk(rows, true);
    expect(cell[0]).toBe(DEFLATED_MARKER);
    expect(cell.length).toBeLessThan(encodeChunk(rows).length * 0.8);
    const chunk = decodeStoredChunk(cell);
    expect(Array.from({ length: chunk.count }, (_, i) => chunkRow(chunk, i))).toEqual(rows);
  });

  it('stores uncompressed cells as plain packed chunks and reads them back', () => {
    const cell = encodeStoredChunk(rows, false);
    expect(cell.equals(encodeChunk(rows))).toBe(true);
    expect(decodeStoredChunk(cell).count).toBe(2000);
  });

  it('reports a damaged deflated cell as stored-data damage', () => {
    const cell = encodeStoredChunk(rows, true);
    const damaged = Buffer.concat([cell.subarray(0, 20), Buffer.alloc(50, 0xff)]);
    expect(() => decodeStoredChunk(damaged)).toThrow(StoredDataError);
  });
});
