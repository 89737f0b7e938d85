import { EpochLog, PackedEpochs, type EpochMetrics } from '@liveprop/core';
import { describe, expect, it } from 'vitest';
import { fromWire, type WireEvent } from './tickWire.js';

const RECORDS: EpochMetrics[] = [
  { epoch: 1, trainLoss: 0.1234567890123, testLoss: 0.2, trainAccuracy: 0.5, testAccuracy: 0.25, learningRate: 0.03, epochMs: 0.0007 },
  { epoch: 2, trainLoss: Number.NaN, testLoss: Number.POSITIVE_INFINITY, trainAccuracy: null, testAccuracy: null, learningRate: 3, epochMs: 1e-9 },
  { epoch: 2 ** 40, trainLoss: -0, testLoss: Number.NEGATIVE_INFINITY, trainAccuracy: 0, testAccuracy: null, learningRate: 1e-300, epochMs: 12.5 },
  { epoch: 4, trainLoss: 5e-324, testLoss: Number.NaN, trainAccuracy: null, testAccuracy: 1, learningRate: Number.NaN, epochMs: 0 },
];

describe('tick metrics across the worker boundary', () => {
  it('a tick packed by an EpochLog and moved with its snapshot stays packed and reads back as the same records: NaN, ±Infinity, -0, subnormals, null accuracies, big epochs', () => {
    const log = new EpochLog();
    for (const m of RECORDS) log.push(m);
    const metrics = log.take();
    const snapshot = new Uint8Array(16);
    const wire: WireEvent = { kind: 'tick', metrics, snapshot, epoch: 4 };
    const event = fromWire(structuredClone(wire, { transfer: [snapshot.buffer, metrics.buffer] }));
    if (event.kind !== 'tick') throw new Error(`expected a tick, got ${event.kind}`);
    expect(event.metrics).toBeInstanceOf(PackedEpochs);
    expect({ ...event, metrics: event.metrics.records() }).toEqual({ kind: 'tick', metrics: RECORDS, snapshot: new Uint8Array(16), epoch: 4 });
    expect(Object.is(event.metrics.at(2).trainLoss, -0)).toBe(true);
    expect(metrics.byteLength).toBe(0);
    const empty = fromWire({ kind: 'tick', metrics: log.take(), snapshot: null, epoch: 4 });
    expect(empty.kind === 'tick' && empty.metrics.length).toBe(0);
  });

  it('leaves other events as they are', () => {
    const failed = { kind: 'failed', code: 'invalid_config', message: 'no' } as const;
    expect(fromWire(failed)).toBe(failed);
  });
});
