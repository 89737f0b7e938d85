import { EpochLog, PackedEpochs, type EpochMetrics } from '@liveprop/core';
import { METRIC_COLUMNS } from '@liveprop/protocol';
import { describe, expect, it } from 'vitest';
import { HistoryBucketer } from './historyBuckets.js';
import { csvLines, MetricHistory } from './metricHistory.js';

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
    const csv = [...h.csvChunks(0, Number.MAX_SAFE_INTEGER, 2)].join('').trim().split('\n');
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

  it('[R12] [R23] reads the same CSV, buckets and records as the columns they hold, grown past its start and capped', () => {
    // Ticks as a worker packs them, of uneven sizes, with a reset back to epoch 301 and accuracies null now and then.
    const trained: EpochMetrics[] = [];
    const h = new MetricHistory(1000);
    const log = new EpochLog();
    let e = 1;
    for (const size of [1, 15, 300, 7, 2048, 1, 900]) {
      if (size === 2048) e = 301;
      for (let k = 0; k < size; k++, e++) {
        const m = { ...epoch(e, Math.sin(e) + 2), trainAccuracy: e % 3 === 0 ? null : (e % 7) / 7, testAccuracy: e % 5 === 0 ? null : 0.5 };
        log.push(m);
        if (m.epoch <= (trained.at(-1)?.epoch ?? 0)) trained.splice(trained.findIndex((t) => t.epoch >= m.epoch));
        trained.push(m);
      }
      h.append(new PackedEpochs(log.take()));
    }
    expect(h.droppedCount).toBeGreaterThan(0);
    const held = trained.slice(trained.length - h.count);
    expect(h.firstEpoch).toBe(held[0]!.epoch);
    expect(h.lastEpoch).toBe(trained.at(-1)!.epoch);
    const cols = Object.fromEntries(METRIC_COLUMNS.map((c) => [c, Float64Array.from(held, (m) => m[c] ?? Number.NaN)])) as Parameters<typeof csvLines>[0];
    expect([...h.csvChunks(0, Number.MAX_SAFE_INTEGER, 333)].join('')).toBe(csvLines(cols, 0, held.length));
    for (const [from, to, points] of [[0, 1e9, 37], [h.firstEpoch + 5, h.lastEpoch - 9, 1000], [2000, 2000, 3]] as const) {
      expect(h.downsample('s', from, to, points)).toEqual(bucketsOf(cols, held, from, to, points));
    }
    expect(h.rowsUpTo(held[10]!.epoch)).toEqual(held.slice(0, 11));
  });
});

/** The buckets of epochs `from..to` of `held`, fed from one Float64Array a column. */
function bucketsOf(cols: Parameters<typeof csvLines>[0], held: EpochMetrics[], from: number, to: number, points: number) {
  const lo = held.findIndex((m) => m.epoch >= from);
  const hi = held.findLastIndex((m) => m.epoch <= to) + 1;
  const bucketer = new HistoryBucketer('s', from, to, hi - lo, points);
  bucketer.add(cols, lo, hi);
  return bucketer.finish();
}
