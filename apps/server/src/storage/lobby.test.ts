import { describe, expect, it } from 'vitest';
import { forEachBackend, freshStoreEachTest } from '../testing/storeBackends.js';
import { unwrap } from '../testing/storeResults.js';
import type { NewSession, Store } from './types.js';

function newSession(id: string, name: string, createdAt: number): NewSession {
  return { id, name, config: { seed: 1 }, editTokenHash: `hash-${id}`, createdAt };
}

forEachBackend((backend) => {
  let store: Store;
  freshStoreEachTest(backend, (fresh) => {
    store = fresh;
  });

  describe('querySessions', () => {
    it('pages newest first and counts every session', async () => {
      for (let i = 0; i < 25; i++) unwrap(await store.createSession(newSession(`s${String(i).padStart(2, '0')}`, `run ${i}`, 1000 + i)));
      const first = unwrap(await store.querySessions({ offset: 0, limit: 10 }));
      expect(first.total).toBe(25);
      expect(first.sessions.map((s) => s.id)).toEqual(Array.from({ length: 10 }, (_, i) => `s${24 - i}`));
      expect(first.sessions[0]).toMatchObject({ id: 's24', name: 'run 24', createdAt: 1024, status: 'paused', epoch: 0 });
      const last = unwrap(await store.querySessions({ offset: 20, limit: 10 }));
      expect([last.total, last.sessions.map((s) => s.id)]).toEqual([25, ['s04', 's03', 's02', 's01', 's00']]);
      expect(unwrap(await store.querySessions({ offset: 40, limit: 10 }))).toEqual({ total: 25, sessions: [] });
    });

    it('searches names case-insensitively and ids, with wildcard characters taken literally', async () => {
      unwrap(await store.createSession(newSession('a1', 'XOR warm-up', 1)));
      unwrap(await store.createSession(newSession('b2', 'spiral 100%', 2)));
      unwrap(await store.createSession(newSession('c3', 'Spiral_deep', 3)));
      const ids = async (search: string): Promise<string[]> => unwrap(await store.querySessions({ search, offset: 0, limit: 10 })).sessions.map((s) => s.id);
      expect(await ids('spiral')).toEqual(['c3', 'b2']);
      expect(await ids('xor')).toEqual(['a1']);
      expect(await ids('%')).toEqual(['b2']);
      expect(await ids('_')).toEqual(['c3']);
      expect(await ids('b2')).toEqual(['b2']);
      unwrap(await store.createSession(newSession('QxYz7', 'mixed-case id', 4)));
      expect(await ids('QxYz')).toEqual(['QxYz7']);
      expect(await ids('MIXED')).toEqual(['QxYz7']);
      expect(await ids('')).toEqual(['QxYz7', 'c3', 'b2', 'a1']);
      expect(unwrap(await store.querySessions({ search: 'spiral', offset: 0, limit: 1 })).total).toBe(2);
    });

    it('finds a name by any case of any of its letters, composed or decomposed, and by its new name after a rename', async () => {
      unwrap(await store.createSession(newSession('de', 'Ärger im Café', 1)));
      unwrap(await store.createSession(newSession('ss', 'Straße', 2)));
      unwrap(await store.createSession(newSession('el', 'Σύνολο δεδομένων', 3)));
      unwrap(await store.createSession(newSession('ru', 'Обучение сети 🚀', 4)));
      unwrap(await store.createSession(newSession('nfd', 'Cafe\u0301 noir', 5)));
      const ids = async (search: string): Promise<string[]> => unwrap(await store.querySessions({ search, offset: 0, limit: 10 })).sessions.map((s) => s.id);
      expect(await ids('ärger')).toEqual(['de']);
      expect(await ids('ÄRGER IM')).toEqual(['de']);
      expect(await ids('CAFÉ')).toEqual(['nfd', 'de']);
      expect(await ids('cafe\u0301')).toEqual(['nfd', 'de']);
      expect(await ids('STRAẞE')).toEqual(['ss']);
      expect(await ids('σύνολο ΔΕΔΟΜΈΝΩΝ')).toEqual(['el']);
      expect(await ids('ОБУЧЕНИЕ')).toEqual(['ru']);
      expect(await ids('🚀')).toEqual(['ru']);
      unwrap(await store.claimSession('de'));
      unwrap(await store.renameSession('de', 'Ölwechsel'));
      expect(await ids('ärger')).toEqual([]);
      expect(await ids('ÖL')).toEqual(['de']);
      unwrap(await store.forkSession('ru', 'ruf', 0, { name: 'Ещё раз' }));
      expect(await ids('ЕЩЁ')).toEqual(['ruf']);
    });

    it('filters by status', async () => {
      unwrap(await store.createSession(newSession('a', 'a', 1)));
      unwrap(await store.createSession(newSession('b', 'b', 2)));
      unwrap(await store.updateSessionState('b', { status: 'running' }));
      expect(unwrap(await store.querySessions({ status: 'running', offset: 0, limit: 10 })).sessions.map((s) => s.id)).toEqual(['b']);
      expect(unwrap(await store.querySessions({ status: 'paused', offset: 0, limit: 10 }))).toMatchObject({ total: 1, sessions: [{ id: 'a' }] });
    });

    it('[R38] related: the session, its parent and its forks, however far down the lobby they are', async () => {
      const fork = (id: string, createdAt: number, parentId: string): NewSession => ({ ...newSession(id, id, createdAt), parentId, forkEpoch: 5 });
      unwrap(await store.createSession(newSession('parent', 'parent', 1)));
      unwrap(await store.createSession(fork('forkA', 2, 'parent')));
      for (let i = 0; i < 120; i++) unwrap(await store.createSession(newSession(`x${i}`, `other ${i}`, 10 + i)));
      unwrap(await store.createSession(fork('forkB', 500, 'parent')));
      unwrap(await store.createSession(fork('grandchild', 501, 'forkA')));
      const family = async (related: string, limit = 100): Promise<[number, string[]]> => {
        const page = unwrap(await store.querySessions({ related, offset: 0, limit }));
        return [page.total, page.sessions.map((s) => s.id)];
      };
      expect(await family('parent')).toEqual([3, ['forkB', 'forkA', 'parent']]);
      expect(await family('forkA')).toEqual([3, ['grandchild', 'forkA', 'parent']]);
      expect(await family('x3')).toEqual([1, ['x3']]);
      expect(await family('nobody')).toEqual([0, []]);
      expect(await family('parent', 1)).toEqual([3, ['forkB']]);
    });

    it('refuses a bad page with a message naming the field', async () => {
      const refused = (field: string): object => ({ ok: false, code: 'invalid', message: expect.stringContaining(field) });
      expect(await store.querySessions({ offset: -1, limit: 10 })).toMatchObject(refused('offset'));
      expect(await store.querySessions({ offset: 0, limit: 0 })).toMatchObject(refused('limit'));
      expect(await store.querySessions({ offset: 0, limit: 5000 })).toMatchObject(refused('limit'));
      expect(await store.querySessions({ offset: 0, limit: 10, search: 'x'.repeat(201) })).toMatchObject(refused('search'));
      expect(await store.querySessions({ offset: 0, limit: 10, status: 'finished' as never })).toMatchObject(refused('status'));
      expect(await store.querySessions({ offset: 0, limit: 10, related: '' })).toMatchObject(refused('related'));
      expect(await store.querySessions({ offset: 0, limit: 10, related: 'x'.repeat(65) })).toMatchObject(refused('related'));
    });
  });

  describe('snapshots', () => {
    it('keeps one snapshot per session, replaced by the next, removed with the session', async () => {
      unwrap(await store.createSession(newSession('a', 'a', 1)));
      expect(unwrap(await store.loadSnapshot('a'))).toBeNull();
      unwrap(await store.saveSnapshot('a', { epoch: 3, data: new Uint8Array([1, 2, 3]) }));
      unwrap(await store.saveSnapshot('a', { epoch: 7, data: new Uint8Array([9, 8]) }));
      const loaded = unwrap(await store.loadSnapshot('a'));
      expect([loaded?.epoch, [...(loaded?.data ?? [])]]).toEqual([7, [9, 8]]);
      unwrap(await store.deleteSession('a'));
      expect(await store.loadSnapshot('a')).toMatchObject({ ok: false, code: 'not_found' });
      expect(await store.saveSnapshot('ghost', { epoch: 1, data: new Uint8Array(1) })).toMatchObject({ ok: false, code: 'not_found' });
    });

    it('refuses a snapshot with a bad epoch, naming it', async () => {
      unwrap(await store.createSession(newSession('a', 'a', 1)));
      expect(await store.saveSnapshot('a', { epoch: -1, data: new Uint8Array(1) })).toMatchObject({ ok: false, code: 'invalid', message: expect.stringContaining('epoch') });
    });

    it('refuses a snapshot from an owner a newer claim fenced off', async () => {
      const older = await backend.create({ shared: true });
      const newer = await backend.reopen({ shared: true });
      try {
        unwrap(await older.createSession(newSession('a', 'a', 1)));
        unwrap(await newer.claimSession('a'));
        expect(await older.saveSnapshot('a', { epoch: 1, data: new Uint8Array([1]) })).toMatchObject({ ok: false, code: 'fenced' });
        unwrap(await newer.saveSnapshot('a', { epoch: 2, data: new Uint8Array([2]) }));
        expect(unwrap(await older.loadSnapshot('a'))?.epoch).toBe(2);
      } finally {
        await older.close();
        await newer.close();
      }
    });
  });
});
