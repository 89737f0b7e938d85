import type { EpochMetrics } from '@liveprop/core';
import { describe, expect, it } from 'vitest';
import { fromWire, packMetrics, toWire, unpackMetrics } from './tickWire.js';

const RECORDS: EpochMetrics[] = [
  { epoch: 1, trainLoss: 0.1234567890123, testLoss: 0.2, trainAccuracy: 0.5, testAccuracy: 0.25, learningRate: 0.03, epochMs: 0.0007 },
  { epoch: 2, trainLoss: Number.NaN, testLoss: Number.POSITIVE_INFINITY, trainAccuracy: null, testAccuracy: null, learningRate: 3, epochMs: 1e-9 },
  { epoch: 2 ** 40, trainLoss: -0, testLoss: Number.NEGATIVE_INFINITY, trainAccuracy: 0, testAccuracy: null, learningRate: 1e-300, epochMs: 12.5 },
  { epoch: 4, trainLoss: 5e-324, testLoss: Number.NaN, trainAccuracy: null, testAccuracy: 1, learningRate: Number.NaN, epochMs: 0 },
];

describe('tick metrics across the worker boundary', () => {
  it('packs and unpacks records losslessly: NaN, ±Infinity, -0, subnormals, null accuracies, big epochs', () => {
    expect(unpackMetrics(packMetrics(RECORDS))).toEqual(RECORDS);
    expect(Object.is(unpackMetrics(packMetrics(RECORDS))[2]!.trainLoss, -0)).toBe(true);
    expect(unpackMetrics(packMetrics([]))).toEqual([]);
  });

  it('moves the packed metrics with the snapshot, and leaves other events as they are', () => {
    const snapshot = new Uint8Array(16);
    const { wire, transfer } = toWire({ kind: 'tick', metrics: RECORDS, snapshot, epoch: 4 }, [snapshot.buffer]);
    expect(wire.kind === 'tick' && wire.metrics instanceof Float64Array).toBe(true);
    expect(transfer).toHaveLength(2);
    expect(transfer[0]).toBe(snapshot.buffer);
    expect(fromWire(structuredClone(wire, { transfer }))).toEqual({ kind: 'tick', metrics: RECORDS, snapshot: new Uint8Array(16), epoch: 4 });
    const failed = { kind: 'failed', code: 'invalid_config', message: 'no' } as const;
    expect(toWire(failed, [])).toEqual({ wire: failed, transfer: [] });
    expect(fromWire(failed)).toBe(failed);
  });
});
