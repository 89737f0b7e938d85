import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { EpochMetricsRow, NewFork, Store } from './types.js';
import { forEachBackend } from '../testing/storeBackends.js';
import { unwrap } from '../testing/storeResults.js';

function range(from: number, to: number): EpochMetricsRow[] {
  const rows: EpochMetricsRow[] = [];
  for (let e = from; e <= to; e++) {
    rows.push({ epoch: e, trainLoss: 1 / e, testLoss: 2 / e, trainAccuracy: e % 3 === 0 ? null : 0.5, testAccuracy: null, learningRate: 0.1, epochMs: 0.25 });
  }
  return rows;
}

const events = [
  { epoch: 3, what: 'learningRate', from: 0.03, to: 0.1 },
  { epoch: 900, what: 'pause' },
];

function forkOf(checkpointData: unknown, seq = 7): NewFork {
  return {
    id: 'fork', name: 'what if', config: { lr: 0.5 }, editTokenHash: 'h-fork', createdAt: 200, parentId: 'src', forkEpoch: 1000,
    metrics: range(1, 1000), events, checkpoint: { epoch: 1000, seq, data: checkpointData },
  };
}

/** Proves no row of a failed fork is left: a fresh fork with the same id stores exactly its own data. */
async function expectNoTrace(store: Store): Promise<void> {
  expect(await store.getSession('fork')).toMatchObject({ ok: false, code: 'not_found' });
  expect(unwrap(await store.listSessions()).map((s) => s.id)).toEqual(['src']);
  unwrap(await store.createFork(forkOf({ w: [1, 2, 3] })));
  expect(unwrap(await store.metricsCount('fork'))).toBe(1000);
  expect(unwrap(await store.listEvents('fork'))).toEqual(events);
  expect(unwrap(await store.loadLatestCheckpoint('fork'))).toMatchObject({ epoch: 1000, seq: 7, data: { w: [1, 2, 3] } });
}

forEachBackend((backend) => {
  let store: Store;

  afterEach(async () => {
    await store.close();
  });

  async function openWithSource(smallKib?: number): Promise<void> {
    store = smallKib === undefined ? await backend.create() : await backend.createSmall(smallKib);
    unwrap(await store.createSession({ id: 'src', name: 'spiral', config: { lr: 0.1 }, editTokenHash: 'h-src', createdAt: 100 }));
    unwrap(await store.appendMetrics('src', range(1, 2000)));
  }

  describe('createFork (a live fork in one transaction)', () => {
    it('stores the fork row, its metrics, events and checkpoint together', async () => {
      await openWithSource();
      const stored = unwrap(await store.createFork(forkOf({ w: [0.25] })));
      expect(stored).toMatchObject({ id: 'fork', name: 'what if', parentId: 'src', forkEpoch: 1000, status: 'paused', epoch: 1000, config: { lr: 0.5 } });
      expect(unwrap(await store.readMetrics('fork', 0, 5000))).toEqual(range(1, 1000));
      expect(unwrap(await store.listEvents('fork'))).toEqual(events);
      expect(unwrap(await store.loadLatestCheckpoint('fork'))).toMatchObject({ epoch: 1000, seq: 7, data: { w: [0.25] } });
      expect(unwrap(await store.metricsCount('src'))).toBe(2000);
    });

    it('leaves no half-written fork when the checkpoint write hits a full disk after the rest was written', async () => {
      await openWithSource(1024);
      // Metrics and events fit on the small disk; a 2 MB checkpoint cannot (random bytes: PostgreSQL would compress
      // a constant fill to nothing), so the insert fails, the last write.
      const failed = await store.createFork(forkOf(randomBytes(2 * 1024 * 1024)));
      expect(failed).toMatchObject({ ok: false, code: 'disk_full', message: expect.stringContaining(backend.kind === 'sqlite' ? 'SQLITE_FULL' : '53100') });
      expect(unwrap(await store.getSession('src')).storageError).toBeNull();
      expect(unwrap(await store.metricsCount('src'))).toBe(2000);
      // Foreign keys tie every chunk, event and checkpoint to a session row: without the row, nothing of the fork is left.
      // (A second fork would not fit: PostgreSQL holds the rolled-back pages until a VACUUM, which needs room itself.)
      expect(await store.getSession('fork')).toMatchObject({ ok: false, code: 'not_found' });
      expect(unwrap(await store.listSessions()).map((s) => s.id)).toEqual(['src']);
    });

    it('leaves no half-written fork when the checkpoint is refused after the rest was written', async () => {
      await openWithSource();
      expect(await store.createFork(forkOf({ w: [1] }, -1))).toMatchObject({ ok: false, code: 'invalid', message: expect.stringContaining('got 1000 and -1') });
      await expectNoTrace(store);
    });

    it('refuses a fork of an unknown parent, a taken id and unordered metrics before writing anything', async () => {
      await openWithSource();
      expect(await store.createFork({ ...forkOf({}), parentId: 'gone' })).toMatchObject({ ok: false, code: 'not_found', message: expect.stringContaining('"gone"') });
      expect(await store.createFork({ ...forkOf({}), id: 'src' })).toMatchObject({ ok: false, code: 'exists' });
      expect(await store.createFork({ ...forkOf({}), metrics: [...range(5, 6), ...range(1, 2)] })).toMatchObject({ ok: false, code: 'invalid', message: expect.stringContaining('after 6, got 1') });
      await expectNoTrace(store);
    });
  });
});
