import { EpochLog, PackedEpochs, type EpochMetrics } from '@liveprop/core';
import { describe, expect, it } from 'vitest';
import { decodeServerMessage, encodeServerMessage } from './codec.js';
import { toMetricColumns } from './metricColumns.js';
import { METRICS_FRAME_EPOCH_BYTES, encodeMetricsFrame } from './metricsFrame.js';

const EPOCHS: EpochMetrics[] = [
  { epoch: 1, trainLoss: 0.1234567890123, testLoss: 0.2, trainAccuracy: 0.5, testAccuracy: 0.25, learningRate: 0.03, epochMs: 0.7 },
  { epoch: 2, trainLoss: Number.NaN, testLoss: Number.POSITIVE_INFINITY, trainAccuracy: null, testAccuracy: null, learningRate: 0.03, epochMs: 0.6 },
  { epoch: 3, trainLoss: 1e-300, testLoss: Number.NaN, trainAccuracy: 1, testAccuracy: null, learningRate: 3, epochMs: 1e-4 },
];

/** The JSON frame the server sent before binary metrics, as a client decodes it. */
function jsonFrame(streamId: string, seq: number, epochs: EpochMetrics[]) {
  return decodeServerMessage(encodeServerMessage({ type: 'metrics', streamId, seq, columns: toMetricColumns(epochs) }));
}

describe('binary metrics frame', () => {
  it('[R26] decodes to exactly the message the JSON metrics frame gives, non-finite numbers as null', () => {
    const bytes = encodeMetricsFrame('Ab3_-x', 41, EPOCHS);
    const binary = decodeServerMessage(bytes, true);
    expect(binary).toEqual(jsonFrame('Ab3_-x', 41, EPOCHS));
    expect(binary).toMatchObject({ ok: true, value: { type: 'metrics', seq: 41, columns: { trainLoss: [0.1234567890123, null, 1e-300] } } });
  });

  it('[R26] spends 52 bytes an epoch after its header, fewer than JSON carrying a trained run', () => {
    const many = Array.from({ length: 1000 }, (_, k) => ({
      epoch: k + 1, trainLoss: Math.exp(-k / 300), testLoss: 1.1 * Math.exp(-k / 310), trainAccuracy: (k % 97) / 97,
      testAccuracy: (k % 89) / 89, learningRate: 0.03, epochMs: 0.0007 + k * 1e-9,
    }));
    const bytes = encodeMetricsFrame('s1', 7, many);
    expect(bytes.byteLength).toBe(12 + 2 + 1000 * METRICS_FRAME_EPOCH_BYTES);
    expect(METRICS_FRAME_EPOCH_BYTES).toBe(52);
    const json = encodeServerMessage({ type: 'metrics', streamId: 's1', seq: 7, columns: toMetricColumns(many) });
    expect(json.length).toBeGreaterThan(1.5 * bytes.byteLength);
    expect(decodeServerMessage(bytes, true)).toEqual(jsonFrame('s1', 7, many));
  });

  it('[R26] encodes epochs a worker packed (an EpochLog) to the same bytes as their records', () => {
    const odd: EpochMetrics[] = [
      ...EPOCHS,
      { epoch: 2 ** 32 - 1, trainLoss: -0, testLoss: Number.NEGATIVE_INFINITY, trainAccuracy: Number.NaN, testAccuracy: 0, learningRate: 5e-324, epochMs: 0 },
    ];
    const log = new EpochLog();
    for (const m of odd) log.push(m);
    const packed = new PackedEpochs(log.take());
    expect(encodeMetricsFrame('Ab3_-x', 41, packed)).toEqual(encodeMetricsFrame('Ab3_-x', 41, odd));
  });

  it('[R26] refuses a truncated, padded, foreign-kind, foreign-version or badly named frame as bad_frame, naming why', () => {
    const good = encodeMetricsFrame('abc', 1, EPOCHS);
    const edited = (edit: (b: Uint8Array) => void): Uint8Array => {
      const copy = good.slice();
      edit(copy);
      return copy;
    };
    const cases: Array<[Uint8Array, RegExp]> = [
      [good.subarray(0, good.byteLength - 1), /must be \d+ bytes, got/],
      [Uint8Array.from([...good, 0]), /must be \d+ bytes, got/],
      [good.subarray(0, 5), /truncated/],
      [edited((b) => (b[2] = 9)), /expected protocol 1, got 9/],
      [edited((b) => (b[3] = 0)), /stream id of 0 bytes/],
      [edited((b) => (b[12] = 0x20)), /stream id byte 0/],
      [edited((b) => b.set([0xff, 0xff, 0xff, 0xff], 8)), /must be \d+ bytes/],
      [edited((b) => (b[1] = 7)), /expected snapshot frame kind 2, got 7/],
    ];
    for (const [bytes, reason] of cases) {
      const decoded = decodeServerMessage(bytes, true);
      expect(decoded.ok).toBe(false);
      if (!decoded.ok) {
        expect(decoded.code).toBe('bad_frame');
        expect(decoded.message).toMatch(reason);
      }
    }
  });

  it('refuses to encode a stream id it could not carry', () => {
    expect(() => encodeMetricsFrame('', 1, EPOCHS)).toThrow(RangeError);
    expect(() => encodeMetricsFrame('x'.repeat(65), 1, EPOCHS)).toThrow(/1\.\.64 printable ASCII/);
    expect(() => encodeMetricsFrame('é', 1, EPOCHS)).toThrow(RangeError);
  });
});
