import { describe, expect, it } from 'vitest';
import { MAX_CHUNK_EPOCHS } from './metricsWrite.js';
import type { EpochMetricsRow, Store } from './types.js';
import { forEachBackend, freshStoreEachTest } from '../testing/storeBackends.js';
import { collect, unwrap } from '../testing/storeResults.js';

function metrics(epoch: number): EpochMetricsRow {
  return {
    epoch,
    trainLoss: 1 / (epoch + 2),
    testLoss: 1.25 / (epoch + 2),
    trainAccuracy: (epoch % 50) / 50,
    testAccuracy: epoch % 3 === 0 ? null : 0.5,
    learningRate: epoch < 300 ? 0.1 : 0.3,
    epochMs: (epoch % 7) * 0.125,
  };
}

function range(from: number, to: number): EpochMetricsRow[] {
  const rows: EpochMetricsRow[] = [];
  for (let e = from; e <= to; e++) rows.push(metrics(e));
  return rows;
}

forEachBackend((backend) => {
  let store: Store;

  freshStoreEachTest(backend, async (fresh) => {
    store = fresh;
    unwrap(await store.createSession({ id: 's', name: 's', config: {}, editTokenHash: 'h', createdAt: 1 }));
  });

  describe('metrics', () => {
    it('reads back exactly what was appended, across batches and chunk boundaries', async () => {
      unwrap(await store.appendMetrics('s', range(1, 100)));
      unwrap(await store.appendMetrics('s', range(101, 100 + MAX_CHUNK_EPOCHS + 5)));
      const total = 100 + MAX_CHUNK_EPOCHS + 5;
      expect(unwrap(await store.metricsCount('s'))).toBe(total);
      expect(unwrap(await store.lastMetricsEpoch('s'))).toBe(total);
      expect(unwrap(await store.readMetrics('s', 1, total))).toEqual(range(1, total));
    });

    it('reads an inner range that cuts through chunks', async () => {
      unwrap(await store.appendMetrics('s', range(0, 999)));
      unwrap(await store.appendMetrics('s', range(1000, 1999)));
      expect(unwrap(await store.readMetrics('s', 990, 1010))).toEqual(range(990, 1010));
      expect(unwrap(await store.readMetrics('s', 5000, 6000))).toEqual([]);
    });

    it('refuses epochs that do not follow the stored ones and stores nothing of that batch', async () => {
      unwrap(await store.appendMetrics('s', range(1, 10)));
      const repeat = await store.appendMetrics('s', range(10, 12));
      expect(repeat).toMatchObject({ ok: false, code: 'invalid', message: expect.stringContaining('expected epochs after 10, got 10') });
      const unordered = await store.appendMetrics('s', [metrics(20), metrics(19)]);
      expect(unordered).toMatchObject({ ok: false, code: 'invalid' });
      expect(await store.appendMetrics('s', [metrics(11.5)])).toMatchObject({ ok: false, code: 'invalid' });
      expect(await store.appendMetrics('s', [{ ...metrics(30), trainLoss: 'x' as never }])).toMatchObject({ ok: false, code: 'invalid' });
      expect(unwrap(await store.metricsCount('s'))).toBe(10);
    });

    it('refuses a non-numeric range or truncation epoch', async () => {
      expect(await store.readMetrics('s', Number.NaN, 5)).toMatchObject({ ok: false, code: 'invalid' });
      expect(await store.truncateMetricsAfter('s', 2.5)).toMatchObject({ ok: false, code: 'invalid' });
    });

    it('keeps gaps in epoch numbers', async () => {
      unwrap(await store.appendMetrics('s', [metrics(2), metrics(5), metrics(6), metrics(100)]));
      expect(unwrap(await store.readMetrics('s', 0, 1000)).map((m) => m.epoch)).toEqual([2, 5, 6, 100]);
    });

    it('truncates after an epoch (rollback) and accepts later epochs again', async () => {
      unwrap(await store.appendMetrics('s', range(1, 3000)));
      expect(unwrap(await store.truncateMetricsAfter('s', 1234))).toBe(3000 - 1234);
      expect(unwrap(await store.lastMetricsEpoch('s'))).toBe(1234);
      unwrap(await store.appendMetrics('s', range(1235, 1240)));
      expect(unwrap(await store.readMetrics('s', 0, 5000))).toEqual(range(1, 1240));
    });

    it('streams CSV with a header and one line per epoch, nulls as empty cells', async () => {
      unwrap(await store.appendMetrics('s', range(1, 3)));
      const csv = (await collect(unwrap(await store.streamMetricsCsv('s')))).join('');
      expect(csv).toBe(
        'epoch,trainLoss,testLoss,trainAccuracy,testAccuracy,learningRate,epochMs\n' +
          `1,${1 / 3},${1.25 / 3},0.02,0.5,0.1,0.125\n` +
          `2,0.25,0.3125,0.04,0.5,0.1,0.25\n` +
          `3,0.2,0.25,0.06,,0.1,0.375\n`,
      );
    });

    it('streams only the header for a session without metrics', async () => {
      expect(await collect(unwrap(await store.streamMetricsCsv('s')))).toEqual([
        'epoch,trainLoss,testLoss,trainAccuracy,testAccuracy,learningRate,epochMs\n',
      ]);
    });

    it('fails a half-consumed export with a coded StoreReadError when the store closes', async () => {
      unwrap(await store.appendMetrics('s', range(1, 3 * MAX_CHUNK_EPOCHS)));
      const lines = unwrap(await store.streamMetricsCsv('s'))[Symbol.asyncIterator]();
      await lines.next();
      await lines.next();
      await store.close();
      await expect(lines.next()).rejects.toThrow(expect.objectContaining({ name: 'StoreReadError', code: 'closed' }));
    });

    it('lets writers append while a CSV export is half consumed', async () => {
      unwrap(await store.appendMetrics('s', range(1, 5 * MAX_CHUNK_EPOCHS)));
      const lines = unwrap(await store.streamMetricsCsv('s'))[Symbol.asyncIterator]();
      await lines.next();
      await lines.next();
      unwrap(await store.appendMetrics('s', range(5 * MAX_CHUNK_EPOCHS + 1, 5 * MAX_CHUNK_EPOCHS + 10)));
      let rows = MAX_CHUNK_EPOCHS;
      for (let next = await lines.next(); next.done !== true; next = await lines.next()) rows += next.value.split('\n').length - 1;
      expect(rows).toBe(5 * MAX_CHUNK_EPOCHS + 10);
    });
  });

  describe('compression setting', () => {
    it('reads history written with and without compression after the setting changes', async () => {
      unwrap(await store.appendMetrics('s', range(1, 1000)));
      await store.close();
      store = await backend.reopen({ compressMetrics: false });
      unwrap(await store.claimSession('s'));
      unwrap(await store.appendMetrics('s', range(1001, 2000)));
      expect(unwrap(await store.readMetrics('s', 0, 5000))).toEqual(range(1, 2000));
      await store.close();
      store = await backend.reopen();
      expect(unwrap(await store.readMetrics('s', 995, 1005))).toEqual(range(995, 1005));
    });
  });

  describe('restart', () => {
    it('finds sessions, state, events, metrics and checkpoints after close and reopen', async () => {
      unwrap(await store.updateSessionState('s', { status: 'running', epoch: 5000, seq: 77 }));
      unwrap(await store.appendEvents('s', [{ epoch: 10, by: 'ann', what: 'learningRate', from: 0.1, to: 0.3 }]));
      unwrap(await store.appendMetrics('s', range(1, 5000)));
      unwrap(await store.saveCheckpoint('s', { epoch: 5000, seq: 77, data: { layers: [[0.5, -0.25]] } }));
      const before = unwrap(await store.getSession('s'));
      await store.close();

      store = await backend.reopen();
      expect(unwrap(await store.getSession('s'))).toEqual(before);
      expect(unwrap(await store.listEvents('s'))).toEqual([{ epoch: 10, by: 'ann', what: 'learningRate', from: 0.1, to: 0.3 }]);
      expect(unwrap(await store.readMetrics('s', 0, 10_000))).toEqual(range(1, 5000));
      expect(unwrap(await store.loadLatestCheckpoint('s'))).toMatchObject({ epoch: 5000, seq: 77, data: { layers: [[0.5, -0.25]] } });
      expect(await store.appendMetrics('s', range(5001, 5002))).toMatchObject({ ok: false, code: 'fenced' });
      expect(unwrap(await store.claimSession('s'))).toBe(2);
      unwrap(await store.appendMetrics('s', range(5001, 5002)));
      expect(unwrap(await store.metricsCount('s'))).toBe(5002);
    });
  });
});
