import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricHistory } from '../sessions/metricHistory.js';
import { openStore } from '../storage/openStore.js';
import type { EpochMetricsRow, Store } from '../storage/types.js';
import { downsampleStored } from './storedHistory.js';
import { unwrap } from '../testing/storeResults.js';

const SPIKE_EPOCH = 123_457;

function row(epoch: number): EpochMetricsRow {
  return {
    epoch,
    trainLoss: epoch === SPIKE_EPOCH ? 42 : 1 / Math.sqrt(epoch) + (epoch % 7) * 1e-4,
    testLoss: epoch === 77 ? Number.NaN : 2 / Math.sqrt(epoch),
    trainAccuracy: epoch % 5 === 0 ? null : (epoch % 100) / 100,
    testAccuracy: epoch < 50_000 ? null : 0.75,
    learningRate: epoch < 90_000 ? 0.1 : 0.01,
    epochMs: 0.1,
  };
}

let dir: string;
let store: Store;
const history = new MetricHistory();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liveprop-stored-history-'));
  store = unwrap(openStore(dir));
  unwrap(await store.createSession({ id: 's', name: 's', config: {}, editTokenHash: 'h', createdAt: 1 }));
  // Odd batch sizes so range ends cut through chunks; a gap after 140 000 makes one chunk's epochs non-consecutive.
  let epoch = 1;
  while (epoch <= 150_000) {
    const batch: EpochMetricsRow[] = [];
    for (let i = 0; i < 777 && epoch <= 150_000; i++) {
      if (epoch === 140_000) epoch += 5;
      batch.push(row(epoch++));
    }
    unwrap(await store.appendMetrics('s', batch));
    history.append(batch);
  }
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('[R23] downsampling a stored history', () => {
  it.each([
    ['the whole history', 0, 1e9, 1000],
    ['a range cutting through chunks', 1234, 98_765, 333],
    ['a range cutting a chunk with a gap in its epochs', 139_900, 140_100, 100],
    ['a range at full resolution', 500, 2600, 5000],
    ['a range past the end', 200_000, 300_000, 10],
  ])('streams %s into exactly the buckets the in-memory history gives', async (_name, from, to, points) => {
    const stored = unwrap(await downsampleStored(store, 's', from, to, points));
    expect(stored).toEqual(history.downsample('s', from, to, points));
  });

  it('keeps a one-epoch spike in the max envelope of 150 000 epochs in 200 buckets', async () => {
    const stored = unwrap(await downsampleStored(store, 's', 0, 1e9, 200));
    expect(stored.start.length).toBe(200);
    expect(stored.count).toBe(history.count);
    const b = stored.series.trainLoss.max.indexOf(42);
    expect(b).toBeGreaterThanOrEqual(0);
    expect(stored.start[b]).toBeLessThanOrEqual(SPIKE_EPOCH);
    expect(stored.end[b]).toBeGreaterThanOrEqual(SPIKE_EPOCH);
  });

  it('answers not_found for a session the store does not have', async () => {
    expect(await downsampleStored(store, 'nope', 0, 10, 10)).toMatchObject({ ok: false, code: 'not_found' });
  });
});
