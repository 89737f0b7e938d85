import { describe, expect, it } from 'vitest';
import type { NewSession, Store } from './types.js';
import { forEachBackend, freshStoreEachTest } from '../testing/storeBackends.js';
import { unwrap } from '../testing/storeResults.js';

function newSession(id: string, createdAt = 1_700_000_000_000): NewSession {
  return { id, name: `run ${id}`, config: { seed: 1, dataset: { kind: 'xor' } }, editTokenHash: `hash-${id}`, createdAt };
}

forEachBackend((backend) => {
  let store: Store;
  freshStoreEachTest(backend, (fresh) => {
    store = fresh;
  });

  describe('sessions', () => {
    it('creates a session that starts paused at epoch 0 with its config', async () => {
      const created = unwrap(await store.createSession(newSession('a')));
      expect(created).toMatchObject({
        id: 'a',
        name: 'run a',
        config: { seed: 1, dataset: { kind: 'xor' } },
        editTokenHash: 'hash-a',
        status: 'paused',
        epoch: 0,
        seq: 0,
        parentId: null,
        forkEpoch: null,
        storageError: null,
      });
      expect(unwrap(await store.getSession('a'))).toEqual(created);
    });

    it('refuses a second session with the same id', async () => {
      unwrap(await store.createSession(newSession('a')));
      expect(await store.createSession(newSession('a'))).toMatchObject({ ok: false, code: 'exists' });
    });

    it('refuses invalid sessions with a message naming the field', async () => {
      expect(await store.createSession({ ...newSession(''), id: '' })).toMatchObject({ ok: false, code: 'invalid' });
      const bad = await store.createSession({ ...newSession('b'), createdAt: -5 });
      expect(bad).toMatchObject({ ok: false, code: 'invalid', message: expect.stringContaining('createdAt') });
      expect(await store.createSession({ ...newSession('c'), config: undefined })).toMatchObject({ ok: false, code: 'invalid' });
    });

    it('links a session to an existing parent and refuses an unknown one', async () => {
      unwrap(await store.createSession(newSession('p')));
      expect(unwrap(await store.createSession({ ...newSession('c'), parentId: 'p', forkEpoch: 7 }))).toMatchObject({ parentId: 'p', forkEpoch: 7 });
      expect(await store.createSession({ ...newSession('d'), parentId: 'ghost' })).toMatchObject({ ok: false, code: 'not_found' });
    });

    it('refuses names longer than 200 characters', async () => {
      unwrap(await store.createSession(newSession('a')));
      expect(await store.renameSession('a', 'x'.repeat(201))).toMatchObject({ ok: false, code: 'invalid' });
    });

    it('lists sessions newest first, without configs', async () => {
      unwrap(await store.createSession(newSession('old', 1000)));
      unwrap(await store.createSession(newSession('new', 3000)));
      unwrap(await store.createSession(newSession('mid', 2000)));
      const listed = unwrap(await store.listSessions());
      expect(listed.map((s) => s.id)).toEqual(['new', 'mid', 'old']);
      expect(listed[0]).not.toHaveProperty('config');
      expect(listed[0]).toMatchObject({ name: 'run new', status: 'paused', storageError: null });
    });

    it('answers not_found for unknown ids on every per-session call', async () => {
      expect(await store.getSession('nope')).toMatchObject({ ok: false, code: 'not_found' });
      expect(await store.renameSession('nope', 'x')).toMatchObject({ ok: false, code: 'not_found' });
      expect(await store.deleteSession('nope')).toMatchObject({ ok: false, code: 'not_found' });
      expect(await store.updateSessionState('nope', { status: 'running' })).toMatchObject({ ok: false, code: 'not_found' });
      expect(await store.appendEvents('nope', [{ epoch: 1 }])).toMatchObject({ ok: false, code: 'not_found' });
      expect(await store.listEvents('nope')).toMatchObject({ ok: false, code: 'not_found' });
      expect(await store.metricsCount('nope')).toMatchObject({ ok: false, code: 'not_found' });
      expect(await store.streamMetricsCsv('nope')).toMatchObject({ ok: false, code: 'not_found' });
      expect(await store.loadLatestCheckpoint('nope')).toMatchObject({ ok: false, code: 'not_found' });
      expect(await store.forkSession('nope', 'f', 0)).toMatchObject({ ok: false, code: 'not_found' });
    });

    it('renames a session', async () => {
      unwrap(await store.createSession(newSession('a')));
      expect(unwrap(await store.renameSession('a', 'spiral, lr 0.3')).name).toBe('spiral, lr 0.3');
      expect(unwrap(await store.getSession('a')).name).toBe('spiral, lr 0.3');
    });

    it('updates state fields given and keeps the others', async () => {
      unwrap(await store.createSession(newSession('a')));
      unwrap(await store.updateSessionState('a', { status: 'running', epoch: 120, seq: 40 }));
      const after = unwrap(await store.updateSessionState('a', { seq: 41, config: { seed: 2 } }));
      expect(after).toMatchObject({ status: 'running', epoch: 120, seq: 41, config: { seed: 2 } });
      expect(await store.updateSessionState('a', { status: 'exploded' as never })).toMatchObject({ ok: false, code: 'invalid' });
      expect(await store.updateSessionState('a', { epoch: 1.5 })).toMatchObject({ ok: false, code: 'invalid' });
    });

    it('keeps events in insertion order across batches', async () => {
      unwrap(await store.createSession(newSession('a')));
      unwrap(await store.appendEvents('a', [{ epoch: 3, by: 'ann', what: 'learningRate', from: 0.1, to: 0.3 }]));
      unwrap(await store.appendEvents('a', [{ epoch: 3, by: 'bob', what: 'addNeuron' }, { epoch: 9, by: 'ann', what: 'pause' }]));
      expect(unwrap(await store.listEvents('a'))).toEqual([
        { epoch: 3, by: 'ann', what: 'learningRate', from: 0.1, to: 0.3 },
        { epoch: 3, by: 'bob', what: 'addNeuron' },
        { epoch: 9, by: 'ann', what: 'pause' },
      ]);
    });

    it('stores no event of a batch that holds an invalid one', async () => {
      unwrap(await store.createSession(newSession('a')));
      const bad = await store.appendEvents('a', [{ epoch: 1 }, { epoch: Number.NaN }]);
      expect(bad).toMatchObject({ ok: false, code: 'invalid' });
      expect(unwrap(await store.listEvents('a'))).toEqual([]);
    });

    it('keeps only the newest checkpoints (3 by default) and returns the latest, JSON or typed-array bytes', async () => {
      unwrap(await store.createSession(newSession('a')));
      expect(unwrap(await store.loadLatestCheckpoint('a'))).toBeNull();
      for (let epoch = 1; epoch <= 5; epoch++) unwrap(await store.saveCheckpoint('a', { epoch, seq: epoch * 10, data: { w: [epoch] } }));
      expect(unwrap(await store.loadLatestCheckpoint('a'))).toMatchObject({ epoch: 5, seq: 50, data: { w: [5] } });
      const weights = new Float64Array([0.25, -1.5, Number.NaN]);
      unwrap(await store.saveCheckpoint('a', { epoch: 6, seq: 60, data: weights }));
      const latest = unwrap(await store.loadLatestCheckpoint('a'));
      expect(Buffer.isBuffer(latest?.data)).toBe(true);
      const back = latest?.data as Buffer;
      expect(new Float64Array(back.buffer.slice(back.byteOffset, back.byteOffset + back.byteLength))).toEqual(weights);
      await store.close();
      expect(await backend.rawRows('SELECT CAST(epoch AS INTEGER) AS epoch FROM checkpoints ORDER BY id')).toEqual([{ epoch: 4 }, { epoch: 5 }, { epoch: 6 }]);
    });

    it('deletes a session with its events, metrics and checkpoints, and detaches its forks', async () => {
      unwrap(await store.createSession(newSession('a')));
      unwrap(await store.appendEvents('a', [{ epoch: 1, what: 'x' }]));
      unwrap(await store.appendMetrics('a', [{ epoch: 1, trainLoss: 1, testLoss: 1, trainAccuracy: null, testAccuracy: null, learningRate: 0.1, epochMs: 1 }]));
      unwrap(await store.saveCheckpoint('a', { epoch: 1, seq: 1, data: {} }));
      unwrap(await store.forkSession('a', 'f', 1));
      unwrap(await store.deleteSession('a'));
      expect(await store.getSession('a')).toMatchObject({ ok: false, code: 'not_found' });
      unwrap(await store.createSession(newSession('a')));
      expect(unwrap(await store.listEvents('a'))).toEqual([]);
      expect(unwrap(await store.metricsCount('a'))).toBe(0);
      expect(unwrap(await store.loadLatestCheckpoint('a'))).toBeNull();
      const fork = unwrap(await store.getSession('f'));
      expect(fork.parentId).toBeNull();
      expect(unwrap(await store.metricsCount('f'))).toBe(1);
    });

    it('answers closed after close, and close twice is harmless', async () => {
      await store.close();
      await store.close();
      expect(await store.listSessions()).toMatchObject({ ok: false, code: 'closed' });
    });
  });
});
