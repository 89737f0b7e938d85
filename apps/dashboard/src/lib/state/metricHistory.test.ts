import { describe, expect, it } from 'vitest';
import type { EpochMetrics } from '@liveprop/core';
import { MetricHistory } from './metricHistory.js';

function epoch(n: number, loss = 1 / (n + 1)): EpochMetrics {
  return { epoch: n, trainLoss: loss, testLoss: loss * 1.1, trainAccuracy: 0.5, testAccuracy: null, learningRate: 0.1, epochMs: 1 };
}

describe('MetricHistory', () => {
  it('keeps every epoch at full resolution while under the recent capacity', () => {
    const h = new MetricHistory({ recentCapacity: 100, maxBuckets: 10 });
    for (let i = 0; i < 50; i++) h.append(epoch(i));
    expect(h.series('trainLoss').map((p) => p.x)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(h.epochCount).toBe(50);
  });

  it('holds a bounded number of points however many epochs arrive', () => {
    const h = new MetricHistory({ recentCapacity: 200, maxBuckets: 100 });
    const counts: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      h.append(epoch(i));
      if (i % 20_000 === 19_999) counts.push(h.heldPoints);
    }
    for (const c of counts) expect(c).toBeLessThanOrEqual(200 + 200 / 8 + 2 * (100 + 1));
    expect(h.epochCount).toBe(200_000);
    expect(h.width).toBeGreaterThan(1);
  });

  it('keeps spikes in downsampled history: min and max of every bucket survive merging', () => {
    const h = new MetricHistory({ recentCapacity: 10, maxBuckets: 4 });
    for (let i = 0; i < 1000; i++) h.append(epoch(i, i === 123 ? 99 : i === 456 ? -5 : 1));
    const ys = h.series('trainLoss').map((p) => p.y);
    expect(Math.max(...ys)).toBe(99);
    expect(Math.min(...ys)).toBe(-5);
    const spike = h.series('trainLoss').find((p) => p.y === 99);
    expect(spike?.x).toBe(123);
  });

  it('returns points in increasing epoch order across buckets and the recent window', () => {
    const h = new MetricHistory({ recentCapacity: 16, maxBuckets: 8 });
    for (let i = 0; i < 500; i++) h.append(epoch(i, Math.sin(i)));
    const xs = h.series('trainLoss').map((p) => p.x);
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1]!);
    expect(xs[xs.length - 1]).toBe(499);
  });

  it('ignores epochs it already has, so a resumed stream that overlaps adds nothing', () => {
    const h = new MetricHistory();
    for (let i = 0; i < 10; i++) h.append(epoch(i));
    expect(h.append(epoch(5))).toBe(false);
    expect(h.append(epoch(9))).toBe(false);
    expect(h.append(epoch(10))).toBe(true);
    expect(h.epochCount).toBe(11);
    expect(h.gaps).toBe(0);
  });

  it('counts a gap when an epoch is skipped', () => {
    const h = new MetricHistory();
    h.append(epoch(0));
    h.append(epoch(1));
    h.append(epoch(5));
    expect(h.gaps).toBe(1);
  });

  it('skips null accuracy (regression) instead of plotting zeros', () => {
    const h = new MetricHistory();
    for (let i = 0; i < 5; i++) h.append(epoch(i));
    expect(h.series('testAccuracy')).toEqual([]);
    expect(h.series('trainAccuracy')).toHaveLength(5);
  });

  it('starts over after clear', () => {
    const h = new MetricHistory();
    for (let i = 0; i < 5; i++) h.append(epoch(i));
    h.clear();
    expect(h.epochCount).toBe(0);
    expect(h.append(epoch(0))).toBe(true);
    expect(h.latest?.epoch).toBe(0);
  });

  it('rejects an odd bucket count, naming the value', () => {
    expect(() => new MetricHistory({ maxBuckets: 3 })).toThrow(/got 3/);
  });
});

describe('MetricHistory.appendSummary', () => {
  const summary = (from: number, to: number, lo: number, hi: number) => ({
    from, to, count: to - from + 1,
    series: {
      trainLoss: { min: lo, max: hi }, testLoss: { min: lo, max: hi }, trainAccuracy: { min: null, max: null },
      testAccuracy: { min: null, max: null }, learningRate: { min: 0.1, max: 0.1 },
    },
  });

  it('seeds history from summaries, then continues with live epochs without a gap', () => {
    const h = new MetricHistory();
    expect(h.appendSummary(summary(1, 50, 0.2, 0.9))).toBe(true);
    expect(h.appendSummary(summary(51, 100, 0.1, 0.2))).toBe(true);
    expect(h.append(epoch(101))).toBe(true);
    expect(h.epochCount).toBe(101);
    expect(h.gaps).toBe(0);
    expect(h.series('trainLoss').map((p) => p.x)).toEqual([1, 50, 51, 100, 101]);
    expect(h.series('trainAccuracy').map((p) => p.x)).toEqual([101]);
  });

  it('refuses a summary once live epochs are held', () => {
    const h = new MetricHistory();
    h.append(epoch(1));
    expect(h.appendSummary(summary(2, 5, 0, 1))).toBe(false);
  });
});

describe('MetricHistory.truncateFrom', () => {
  it('drops the epochs a rollback undid, so training continues from there without a gap', () => {
    const h = new MetricHistory({ recentCapacity: 20, maxBuckets: 8 });
    for (let i = 1; i <= 100; i++) h.append(epoch(i));
    h.truncateFrom(91);
    expect(h.lastHeldEpoch).toBe(90);
    expect(h.append(epoch(91))).toBe(true);
    expect(h.gaps).toBe(0);
    expect(h.series('trainLoss').every((p) => p.x <= 91)).toBe(true);
  });

  it('empties the history on a reset to epoch 0', () => {
    const h = new MetricHistory({ recentCapacity: 20, maxBuckets: 8 });
    for (let i = 1; i <= 100; i++) h.append(epoch(i));
    h.truncateFrom(1);
    expect(h.epochCount).toBe(0);
    expect(h.series('trainLoss')).toEqual([]);
  });
});
