import { afterEach, describe, expect, it } from 'vitest';
import type { EpochMetricsRow, Store } from './types.js';
import { forEachBackend } from '../testing/storeBackends.js';
import { unwrap } from '../testing/storeResults.js';

function epoch(n: number): EpochMetricsRow {
  return { epoch: n, trainLoss: 1 / n, testLoss: 2 / n, trainAccuracy: null, testAccuracy: null, learningRate: 0.1, epochMs: 1 };
}

forEachBackend((backend) => {
  const open: Store[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });

  /** Two stores on the same data, as an old and a new owner of a session would hold. */
  async function twoOwners(): Promise<[Store, Store]> {
    const first = await backend.create({ shared: true });
    const second = await backend.reopen({ shared: true });
    open.push(first, second);
    return [first, second];
  }

  describe('fencing tokens', () => {
    it('claims a created session with token 1 and raises the token by one per claim', async () => {
      const [a, b] = await twoOwners();
      unwrap(await a.createSession({ id: 's', name: 's', config: {}, editTokenHash: 'h', createdAt: 1 }));
      unwrap(await a.appendMetrics('s', [epoch(1)]));
      expect(unwrap(await b.claimSession('s'))).toBe(2);
      expect(unwrap(await a.claimSession('s'))).toBe(3);
      expect(unwrap(await a.claimSession('s', 10))).toBe(10);
    });

    it('refuses every write of an older owner with fenced, and keeps what the newer owner stored', async () => {
      const [old, current] = await twoOwners();
      unwrap(await old.createSession({ id: 's', name: 's', config: {}, editTokenHash: 'h', createdAt: 1 }));
      unwrap(await old.appendMetrics('s', [epoch(1), epoch(2)]));
      unwrap(await current.claimSession('s'));
      unwrap(await current.appendMetrics('s', [epoch(3)]));
      const fenced = { ok: false, code: 'fenced', message: expect.stringContaining('fencing token 2, this server holds 1') };
      expect(await old.appendMetrics('s', [epoch(3)])).toMatchObject(fenced);
      expect(await old.appendEvents('s', [{ epoch: 3, what: 'play' }])).toMatchObject(fenced);
      expect(await old.truncateMetricsAfter('s', 1)).toMatchObject(fenced);
      expect(await old.updateSessionState('s', { status: 'running' })).toMatchObject(fenced);
      expect(await old.saveCheckpoint('s', { epoch: 2, seq: 2, data: {} })).toMatchObject(fenced);
      expect(await old.renameSession('s', 'stale')).toMatchObject(fenced);
      expect(await old.clearStorageError('s')).toMatchObject(fenced);
      expect(unwrap(await current.readMetrics('s', 0, 10)).map((m) => m.epoch)).toEqual([1, 2, 3]);
      expect(unwrap(await current.getSession('s'))).toMatchObject({ name: 's', status: 'paused' });
      expect(unwrap(await current.listEvents('s'))).toEqual([]);
    });

    it('refuses writes to a session this store never claimed, and a claim older than the stored token', async () => {
      const [a, b] = await twoOwners();
      unwrap(await a.createSession({ id: 's', name: 's', config: {}, editTokenHash: 'h', createdAt: 1 }));
      expect(await b.appendMetrics('s', [epoch(1)])).toMatchObject({ ok: false, code: 'fenced', message: expect.stringContaining('has not claimed') });
      unwrap(await b.claimSession('s', 5));
      expect(await a.claimSession('s', 4)).toMatchObject({ ok: false, code: 'fenced', message: expect.stringContaining('already claimed with 5') });
      expect(await a.claimSession('s', 0)).toMatchObject({ ok: false, code: 'invalid' });
      expect(await a.claimSession('ghost')).toMatchObject({ ok: false, code: 'not_found' });
      unwrap(await b.appendMetrics('s', [epoch(1)]));
    });

    it('lets a fork and a stored fork belong to the store that made them', async () => {
      const [a] = await twoOwners();
      unwrap(await a.createSession({ id: 's', name: 's', config: {}, editTokenHash: 'h', createdAt: 1 }));
      unwrap(await a.appendMetrics('s', [epoch(1), epoch(2)]));
      unwrap(await a.forkSession('s', 'f', 1));
      unwrap(await a.appendMetrics('f', [epoch(2)]));
      unwrap(await a.createFork({ id: 'g', name: 'g', config: {}, editTokenHash: 'h', createdAt: 2, parentId: 's', forkEpoch: 2, metrics: [epoch(1), epoch(2)], events: [], checkpoint: { epoch: 2, seq: 1, data: {} } }));
      unwrap(await a.appendMetrics('g', [epoch(3)]));
    });
  });
});
