import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EpochMetrics } from '@liveprop/core';
import { afterEach, describe, expect, it } from 'vitest';
import { MetricHistory } from '../sessions/metricHistory.js';
import { openStore } from '../storage/openStore.js';
import type { Store } from '../storage/types.js';
import { collect, unwrap } from '../testing/storeResults.js';
import { metricsCsv } from './metricsCsv.js';

function epochs(from: number, to: number): EpochMetrics[] {
  const out: EpochMetrics[] = [];
  for (let e = from; e <= to; e++) {
    out.push({ epoch: e, trainLoss: 1 / e, testLoss: 2 / e, trainAccuracy: e % 7 === 0 ? null : 0.5, testAccuracy: null, learningRate: 0.1, epochMs: 0.25 });
  }
  return out;
}

let dir: string | null = null;
let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
  store = null;
  dir = null;
});

describe('metrics.csv', () => {
  /** 25 000 epochs stored, and a history capped at 10k that has dropped the oldest, as a long session's does at 2M. */
  async function longSession(): Promise<{ all: EpochMetrics[]; history: MetricHistory; stored: Store }> {
    dir = mkdtempSync(join(tmpdir(), 'liveprop-csv-'));
    const stored = unwrap(openStore(dir));
    store = stored;
    const all = epochs(1, 25_000);
    unwrap(await stored.createSession({ id: 'csv', name: 'csv', config: {}, editTokenHash: 'x', createdAt: 0 }));
    for (let i = 0; i < all.length; i += 1000) unwrap(await stored.appendMetrics('csv', all.slice(i, i + 1000)));
    const history = new MetricHistory(10_000);
    history.append(all);
    expect(history.holdsFrom(1)).toBe(false);
    return { all, history, stored };
  }

  it('streams the epochs memory dropped from the store, then the held ones: every epoch once, in order', async () => {
    const { all, history } = await longSession();
    const lines = (await collect(metricsCsv(history, store, 'csv'))).join('').trimEnd().split('\n');
    expect(lines[0]).toBe('epoch,trainLoss,testLoss,trainAccuracy,testAccuracy,learningRate,epochMs');
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(all.map((m) => m.epoch));
    expect(lines[7]).toBe(`7,${1 / 7},${2 / 7},,,0.1,0.25`);
    expect(lines[25_000]).toBe(`25000,${1 / 25_000},${2 / 25_000},0.5,,0.1,0.25`);
  });

  it('streams only the epochs from..to, whether the store, memory or both hold them', async () => {
    const { history, stored } = await longSession();
    const first = history.firstEpoch;
    const epochsOf = async (from: number, to: number | null): Promise<number[]> => {
      const lines = (await collect(metricsCsv(history, stored, 'csv', { from, to }))).join('').trimEnd().split('\n');
      expect(lines[0]).toBe('epoch,trainLoss,testLoss,trainAccuracy,testAccuracy,learningRate,epochMs');
      return lines.slice(1).map((l) => Number(l.split(',')[0]));
    };
    const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    expect(await epochsOf(first - 3, first + 2)).toEqual(range(first - 3, first + 2));
    expect(await epochsOf(100, 104)).toEqual(range(100, 104));
    expect(await epochsOf(24_998, null)).toEqual([24_998, 24_999, 25_000]);
    expect(await epochsOf(0, 2)).toEqual([1, 2]);
  });

  it('without a store (or a history that holds everything) answers from memory alone', async () => {
    const history = new MetricHistory();
    history.append(epochs(1, 3));
    expect((await collect(metricsCsv(history, null, 'mem'))).join('').trimEnd().split('\n')).toHaveLength(4);
  });
});
