import type { EpochMetrics } from '@liveprop/core';
import { describe, expect, it } from 'vitest';
import { MetricHistory } from './metricHistory.js';

const epoch = (e: number, loss = 1 / e): EpochMetrics => ({
  epoch: e, trainLoss: loss, testLoss: loss * 2, trainAccuracy: null, testAccuracy: 0.5, learningRate: 0.1, epochMs: 1,
});
const range = (from: number, to: number): EpochMetrics[] => Array.from({ length: to - from + 1 }, (_, i) => epoch(from + i));

describe('MetricHistory', () => {
  it('[R12] buckets into min and max so a spike survives downsampling', () => {
    const h = new MetricHistory();
    h.append(range(1, 99));
    h.append([epoch(100, 50)]);
    const d = h.downsample('s', 0, 1000, 10);
    expect(d.start).toEqual([1, 11, 21, 31, 41, 51, 61, 71, 81, 91]);
    expect(d.series.trainLoss.max.at(-1)).toBe(50);
    expect(d.series.trainLoss.min[0]).toBe(0.1);
    expect(d.series.trainAccuracy.min[0]).toBeNull();
  });

  it('[R8] truncates on an epoch that goes back (reset, rollback) and keeps the rest lossless', () => {
    const h = new MetricHistory();
    h.append(range(1, 10));
    h.append(range(4, 6));
    expect(h.count).toBe(6);
    const csv = [...h.csvChunks(2)].join('').trim().split('\n');
    expect(csv.map((l) => Number(l.split(',')[0]))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(csv[2]).toBe(`3,${1 / 3},${2 / 3},,0.5,0.1,1`);
  });

  it('[R39] compacted for a sleeping session, keeps every epoch and grows again as training goes on', () => {
    const h = new MetricHistory();
    h.append(range(1, 1500));
    h.compact();
    h.append(range(1501, 1600));
    expect(h.count).toBe(1600);
    expect(h.rowsUpTo(1600)).toEqual(range(1, 1600).map((m) => ({ ...m, trainAccuracy: null })));
    const empty = new MetricHistory();
    empty.compact();
    empty.append(range(1, 40));
    expect(empty.lastEpoch).toBe(40);
  });

  it('drops the oldest tenth once it reaches its cap', () => {
    const h = new MetricHistory(100);
    h.append(range(1, 101));
    expect(h.count).toBe(91);
    expect(h.droppedCount).toBe(10);
    expect(h.downsample('s', 0, 1e9, 1000).start[0]).toBe(11);
  });

  it('[R23] says whether it still holds every epoch from a given one, so older ones are read from the store', () => {
    const h = new MetricHistory(100);
    h.append(range(1, 100));
    expect(h.holdsFrom(0)).toBe(true);
    h.append([epoch(101)]);
    expect([h.holdsFrom(0), h.holdsFrom(10), h.holdsFrom(11), h.holdsFrom(500)]).toEqual([false, false, true, true]);
  });

  it('[R23] knows a restored tail lacks its beginning', () => {
    const h = new MetricHistory();
    h.append(range(500, 600));
    expect([h.holdsFrom(0), h.holdsFrom(499), h.holdsFrom(500), h.firstEpoch]).toEqual([false, false, true, 500]);
  });
});
