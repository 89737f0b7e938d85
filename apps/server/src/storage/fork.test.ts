import { describe, expect, it } from 'vitest';
import type { EpochMetricsRow, Store } from './types.js';
import { forEachBackend, freshStoreEachTest } from '../testing/storeBackends.js';
import { unwrap } from '../testing/storeResults.js';

function range(from: number, to: number): EpochMetricsRow[] {
  const rows: EpochMetricsRow[] = [];
  for (let e = from; e <= to; e++) {
    rows.push({ epoch: e, trainLoss: 2 / (e + 1), testLoss: 3 / (e + 1), trainAccuracy: null, testAccuracy: null, learningRate: 0.1, epochMs: 0.5 });
  }
  return rows;
}

forEachBackend((backend) => {
  let store: Store;

  freshStoreEachTest(backend, async (fresh) => {
    store = fresh;
    unwrap(await store.createSession({ id: 'src', name: 'spiral', config: { lr: 0.1 }, editTokenHash: 'h-src', createdAt: 100 }));
    unwrap(await store.appendMetrics('src', range(1, 10_000)));
    unwrap(await store.appendEvents('src', [
      { epoch: 10, what: 'learningRate', from: 0.03, to: 0.1 },
      { epoch: 6000, what: 'addNeuron' },
      { epoch: 9000, what: 'pause' },
    ]));
    unwrap(await store.saveCheckpoint('src', { epoch: 5000, seq: 1, data: { w: 'at 5000' } }));
    unwrap(await store.saveCheckpoint('src', { epoch: 7000, seq: 2, data: { w: 'at 7000' } }));
    unwrap(await store.updateSessionState('src', { status: 'running', epoch: 10_000, config: { lr: 0.3 } }));
  });

  describe('fork', () => {
    it('copies current config, events, metrics and checkpoint up to the fork epoch', async () => {
      const fork = unwrap(await store.forkSession('src', 'f', 6500, { name: 'what if', editTokenHash: 'h-f', createdAt: 200 }));
      expect(fork).toMatchObject({
        id: 'f', name: 'what if', editTokenHash: 'h-f', createdAt: 200, parentId: 'src', forkEpoch: 6500,
        status: 'paused', epoch: 6500, config: { lr: 0.3 },
      });
      expect(unwrap(await store.listEvents('f')).map((e) => e.epoch)).toEqual([10, 6000]);
      expect(unwrap(await store.metricsCount('f'))).toBe(6500);
      expect(unwrap(await store.readMetrics('f', 0, 99_999))).toEqual(range(1, 6500));
      expect(unwrap(await store.loadLatestCheckpoint('f'))).toMatchObject({ epoch: 5000, data: { w: 'at 5000' } });
    });

    it('leaves the source untouched and lets both sessions grow independently', async () => {
      unwrap(await store.forkSession('src', 'f', 6500));
      unwrap(await store.appendMetrics('f', range(6501, 6600)));
      unwrap(await store.appendEvents('f', [{ epoch: 6501, what: 'learningRate', from: 0.3, to: 1 }]));
      expect(unwrap(await store.metricsCount('src'))).toBe(10_000);
      expect(unwrap(await store.listEvents('src'))).toHaveLength(3);
      expect(unwrap(await store.metricsCount('f'))).toBe(6600);
      expect(unwrap(await store.listEvents('f')).map((e) => e.epoch)).toEqual([10, 6000, 6501]);
    });

    it('forks at a chunk boundary and past the last epoch', async () => {
      unwrap(await store.forkSession('src', 'edge', 4096));
      expect(unwrap(await store.readMetrics('edge', 0, 99_999))).toEqual(range(1, 4096));
      unwrap(await store.forkSession('src', 'all', 50_000));
      expect(unwrap(await store.metricsCount('all'))).toBe(10_000);
      expect(unwrap(await store.loadLatestCheckpoint('all'))).toMatchObject({ epoch: 7000 });
    });

    it('names the default fork after its source and epoch', async () => {
      expect(unwrap(await store.forkSession('src', 'f', 10)).name).toBe('spiral (fork @10)');
    });

    it('refuses an existing id or a bad epoch and creates nothing', async () => {
      expect(await store.forkSession('src', 'src', 10)).toMatchObject({ ok: false, code: 'exists' });
      expect(await store.forkSession('src', 'g', -1)).toMatchObject({ ok: false, code: 'invalid' });
      expect(await store.getSession('g')).toMatchObject({ ok: false, code: 'not_found' });
    });

    it('survives a restart with its parent link', async () => {
      unwrap(await store.forkSession('src', 'f', 6500));
      await store.close();
      store = await backend.reopen();
      expect(unwrap(await store.getSession('f'))).toMatchObject({ parentId: 'src', forkEpoch: 6500 });
      expect(unwrap(await store.metricsCount('f'))).toBe(6500);
    });
  });
});
