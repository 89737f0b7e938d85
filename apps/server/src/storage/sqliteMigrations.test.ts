import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestVersion } from './migrations.js';
import { openStore } from './openStore.js';
import { FOLD_BATCH } from './sessionQuery.js';
import { APPLICATION_ID } from './schema.js';
import { migrateSqlite, SQLITE_MIGRATIONS, SQLITE_SCHEMA_VERSION } from './sqliteMigrations.js';
import { unwrap } from '../testing/storeResults.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'liveprop-migrate-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A store file as a server at schema `version` left it: one session with an event, metrics and a checkpoint. */
function storeAtVersion(version: number): void {
  const path = join(dir, 'liveprop.db');
  const db = new Database(path);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  migrateSqlite(db, 0, version);
  db.close();
  // Data goes in through the store of that version's shape: rows written by today's code would miss old columns.
  const raw = new Database(path);
  raw.prepare(`INSERT INTO sessions (id, name, config, edit_token_hash, created_at, updated_at, status, epoch, seq)
               VALUES ('old', 'old run', '{"lr":0.1}', 'h', 5, 6, ?, 12, 40)`).run(version === 1 ? 'finished' : 'running');
  raw.prepare(`INSERT INTO events (session_id, idx, epoch, body) VALUES ('old', 0, 3, '{"epoch":3,"what":"play"}')`).run();
  raw.prepare(`INSERT INTO checkpoints (session_id, epoch, seq, is_binary, data, created_at) VALUES ('old', 10, 30, 0, ?, 7)`)
    .run(Buffer.from('{"w":[1]}'));
  raw.close();
}

describe('SQLite schema migrations', () => {
  it('numbers its migrations 1, 2, 3, … without a gap', () => {
    expect(latestVersion(SQLITE_MIGRATIONS)).toBe(SQLITE_MIGRATIONS.length);
    expect(() => latestVersion([{ to: 1, why: '', sql: '' }, { to: 3, why: '', sql: '' }])).toThrow('expected migration 1 to produce version 2, got 3');
  });

  for (let version = 1; version < SQLITE_SCHEMA_VERSION; version++) {
    it(`opens a store of schema version ${version}, upgrades it to ${SQLITE_SCHEMA_VERSION} and keeps its data`, async () => {
      storeAtVersion(version);
      const store = unwrap(openStore(dir));
      const session = unwrap(await store.getSession('old'));
      expect(session).toMatchObject({ id: 'old', name: 'old run', config: { lr: 0.1 }, epoch: 12, seq: 40 });
      // 'finished' was never set by a server; a row that has it comes back as an ordinary paused session.
      expect(session.status).toBe(version === 1 ? 'paused' : 'running');
      expect(session).not.toHaveProperty('extra');
      expect(unwrap(await store.listEvents('old'))).toEqual([{ epoch: 3, what: 'play' }]);
      expect(unwrap(await store.loadLatestCheckpoint('old'))).toMatchObject({ epoch: 10, seq: 30, data: { w: [1] } });
      expect(unwrap(await store.claimSession('old'))).toBe(1);
      unwrap(await store.updateSessionState('old', { status: 'paused', epoch: 13 }));
      await store.close();
      const db = new Database(join(dir, 'liveprop.db'), { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    });
  }

  it('makes sessions written before the folded name searchable by any case of their letters, past one fill batch', async () => {
    const path = join(dir, 'liveprop.db');
    const db = new Database(path);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    migrateSqlite(db, 0, 4);
    const insert = db.prepare(`INSERT INTO sessions (id, name, config, edit_token_hash, created_at, updated_at) VALUES (?, ?, '{}', 'h', ?, 0)`);
    db.transaction(() => {
      for (let i = 0; i < FOLD_BATCH + 200; i++) insert.run(`s${String(i).padStart(5, '0')}`, `Übung ${i}`, i);
      insert.run('zz', 'Ärger im Café', -1);
    })();
    db.close();
    const store = unwrap(openStore(dir));
    const found = async (search: string) => unwrap(await store.querySessions({ search, offset: 0, limit: 1 }));
    expect(await found('ärger IM CAFÉ')).toMatchObject({ total: 1, sessions: [{ id: 'zz' }] });
    expect(await found('ÜBUNG 1100')).toMatchObject({ total: 1, sessions: [{ id: 's01100' }] });
    expect((await found('übung')).total).toBe(FOLD_BATCH + 200);
    await store.close();
  });

  it('leaves a file at the last finished version when a later step fails', () => {
    const db = new Database(join(dir, 'liveprop.db'));
    const broken = [...SQLITE_MIGRATIONS.slice(0, 1), { to: 2, why: 'a step that fails half-way', sql: 'CREATE TABLE t (x); SELECT nope FROM nowhere;' }];
    expect(() => migrateSqlite(db, 0, 2, broken)).toThrow('no such table: nowhere');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 't'").get()).toEqual({ n: 0 });
    db.close();
  });
});
