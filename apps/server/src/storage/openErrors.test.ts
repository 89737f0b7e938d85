import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from './openStore.js';
import { APPLICATION_ID, PAGE_SIZE, SCHEMA_VERSION } from './schema.js';
import type { EpochMetricsRow, StoreResult } from './types.js';
import { unwrap } from '../testing/storeResults.js';

function range(from: number, to: number): EpochMetricsRow[] {
  const rows: EpochMetricsRow[] = [];
  for (let e = from; e <= to; e++) {
    rows.push({ epoch: e, trainLoss: Math.sin(e), testLoss: Math.cos(e), trainAccuracy: 0.5, testAccuracy: null, learningRate: 0.1, epochMs: e });
  }
  return rows;
}

/**
 * Makes a dir or file unwritable. Permission bits do not stop root, so as root it is made immutable
 * (`chattr +i`, ext4/xfs/btrfs), which stops root too. Returns the undo.
 */
function makeReadOnly(path: string): () => void {
  if (process.getuid?.() !== 0) {
    const mode = statSync(path).mode & 0o777;
    chmodSync(path, statSync(path).isDirectory() ? 0o500 : 0o400);
    return () => chmodSync(path, mode);
  }
  execFileSync('chattr', ['+i', path]);
  return () => execFileSync('chattr', ['-i', path]);
}

let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liveprop-errors-'));
});

afterEach(async () => {
  rmSync(dir, { recursive: true, force: true });
});

describe('openStore', () => {
  it('creates a missing data dir, nested', async () => {
    const nested = join(dir, 'a', 'b', 'data');
    const store = unwrap(openStore(nested));
    expect(existsSync(join(nested, 'liveprop.db'))).toBe(true);
    await store.close();
  });

  it('reports a garbage database file as corrupt and leaves its bytes alone', async () => {
    const garbage = Buffer.alloc(16_384, 0x5a);
    writeFileSync(join(dir, 'liveprop.db'), garbage);
    const result = openStore(dir);
    expect(result).toMatchObject({ ok: false, code: 'corrupt', message: expect.stringContaining('not a readable SQLite database') });
    expect(readFileSync(join(dir, 'liveprop.db')).equals(garbage)).toBe(true);
  });

  it('reports damage inside the file as corrupt on the call that meets it', async () => {
    const store = unwrap(openStore(dir));
    unwrap(await store.createSession({ id: 's', name: 's', config: {}, editTokenHash: 'h', createdAt: 1 }));
    unwrap(await store.appendMetrics('s', range(1, 20_000)));
    await store.close();
    const path = join(dir, 'liveprop.db');
    const bytes = readFileSync(path);
    // Page 1 (header + schema) stays intact; every later page becomes noise.
    for (let i = PAGE_SIZE; i < bytes.length; i++) bytes[i] = (i * 131) & 0xff;
    writeFileSync(path, bytes);
    // The header page is intact, so opening works; the damage shows on the first read that meets it.
    const reopened = unwrap(openStore(dir));
    expect(await reopened.readMetrics('s', 0, 30_000)).toMatchObject({ ok: false, code: 'corrupt', message: expect.stringContaining('damaged') });
    await reopened.close();
  });

  it('refuses a SQLite file of another application and does not modify it', async () => {
    const path = join(dir, 'liveprop.db');
    const foreign = new Database(path);
    foreign.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);");
    foreign.close();
    const before = readFileSync(path);
    const result = openStore(dir);
    expect(result).toMatchObject({ ok: false, code: 'foreign_db', message: expect.stringContaining('invoices') });
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('refuses a SQLite file stamped with another application id', async () => {
    const foreign = new Database(join(dir, 'liveprop.db'));
    foreign.pragma('application_id = 1234');
    foreign.close();
    expect(openStore(dir)).toMatchObject({ ok: false, code: 'foreign_db', message: expect.stringContaining('application_id 1234') });
  });

  it('refuses a store written by a newer schema version', async () => {
    unwrap(openStore(dir)).close();
    const db = new Database(join(dir, 'liveprop.db'));
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(openStore(dir)).toMatchObject({ ok: false, code: 'newer_schema', message: expect.stringContaining(`version ${SCHEMA_VERSION + 1}`) });
  });

  it('reports a read-only data dir, both when the store must be created and when it exists', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const existing = join(dir, 'existing');
    unwrap(openStore(existing)).close();
    const undoEmpty = makeReadOnly(empty);
    const undoExisting = makeReadOnly(existing);
    try {
      expect(openStore(empty)).toMatchObject({ ok: false, code: 'read_only', message: expect.stringContaining('not writable') });
      expect(openStore(join(empty, 'sub'))).toMatchObject({ ok: false, code: 'read_only' });
      expect(openStore(existing)).toMatchObject({ ok: false, code: 'read_only' });
    } finally {
      undoEmpty();
      undoExisting();
    }
  });

  it('reports a database file that refuses writes in a writable dir as read_only', async () => {
    const store = unwrap(openStore(dir));
    unwrap(await store.createSession({ id: 's', name: 's', config: {}, editTokenHash: 'h', createdAt: 1 }));
    unwrap(await store.close());
    const undo = makeReadOnly(join(dir, 'liveprop.db'));
    try {
      expect(openStore(dir)).toMatchObject({ ok: false, code: 'read_only' });
    } finally {
      undo();
    }
    const reopened = unwrap(openStore(dir));
    expect(unwrap(await reopened.listSessions()).map((s) => s.id)).toEqual(['s']);
    await reopened.close();
  });

  it('refuses a second server on the same data dir while the first has it open', async () => {
    const first = unwrap(openStore(dir));
    unwrap(await first.createSession({ id: 's', name: 's', config: {}, editTokenHash: 'h', createdAt: 1 }));
    expect(openStore(dir)).toMatchObject({ ok: false, code: 'locked' });
    await first.close();
    const second = unwrap(openStore(dir));
    expect(unwrap(await second.listSessions())).toHaveLength(1);
    await second.close();
  });
});

describe('disk full', () => {
  it('fails the write with disk_full, flags the session, keeps what was stored and works again after clearing', async () => {
    const store = unwrap(openStore(dir, { maxBytes: 256 * 1024 }));
    unwrap(await store.createSession({ id: 's', name: 's', config: {}, editTokenHash: 'h', createdAt: 1 }));
    unwrap(await store.createSession({ id: 'other', name: 'o', config: {}, editTokenHash: 'h', createdAt: 2 }));
    let epoch = 0;
    let failed: StoreResult<void> | null = null;
    while (failed === null && epoch < 100_000) {
      const result = await store.appendMetrics('s', range(epoch + 1, epoch + 1000));
      if (result.ok) epoch += 1000;
      else failed = result;
    }
    expect(failed).toMatchObject({ ok: false, code: 'disk_full', message: expect.stringContaining('free disk space') });
    expect(unwrap(await store.getSession('s')).storageError).toContain('SQLITE_FULL');
    expect(unwrap(await store.getSession('other')).storageError).toBeNull();
    expect(unwrap(await store.metricsCount('s'))).toBe(epoch);
    expect(unwrap(await store.readMetrics('s', epoch - 2, epoch + 5))).toEqual(range(epoch - 2, epoch));
    expect(await store.saveCheckpoint('s', { epoch, seq: 1, data: Buffer.alloc(512 * 1024) })).toMatchObject({ ok: false, code: 'disk_full' });

    unwrap(await store.truncateMetricsAfter('s', 1000));
    unwrap(await store.clearStorageError('s'));
    expect(unwrap(await store.getSession('s')).storageError).toBeNull();
    unwrap(await store.appendMetrics('s', range(1001, 1100)));
    await store.close();
    expect(statSync(join(dir, 'liveprop.db')).size).toBeLessThanOrEqual(256 * 1024);
  });
});
