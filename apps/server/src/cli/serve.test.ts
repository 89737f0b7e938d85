import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { sessionListSchema } from '@liveprop/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { RESTORE_DAMAGED_EVENT } from '../sessions/restoreSessions.js';
import { openStore } from '../storage/openStore.js';
import { SCHEMA_VERSION } from '../storage/schema.js';
import { TestClient } from '../testing/testClient.js';
import { startTestServer } from '../testing/testServer.js';
import { fillDisk, mountTmpfs, type Tmpfs } from '../testing/tmpfs.js';

const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'liveprop-serve-'));
const mounts: Tmpfs[] = [];
afterAll(async () => {
  for (const m of mounts) m.remove();
  rmSync(work, { recursive: true, force: true });
});

/** Starts `liveprop serve` on `dataDir` via LIVEPROP_DATA and PORT=0, as an operator would. */
function serve(dataDir: string) {
  return spawn(process.execPath, [MAIN, 'serve'], { env: { ...process.env, LIVEPROP_DATA: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' } });
}

/** Runs `liveprop serve` on `dataDir` expecting it to give up at start-up; kills it if it listens instead. */
function serveFailing(dataDir: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = serve(dataDir);
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
    if (stdout.includes('serving on')) child.kill('SIGTERM');
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr, stdout })));
}

/** Resolves with the URL once `child` listens. */
function listening(child: ReturnType<typeof serve>): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /serving on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited early with ${code}: ${err}`)));
  });
}

/** A fresh data dir holding `liveprop.db` made by `prepare`. */
function dataDirWith(prepare: (dbPath: string) => void): string {
  const dir = mkdtempSync(join(work, 'data-'));
  prepare(join(dir, 'liveprop.db'));
  return dir;
}

/** The start-up refusal an operator reads: exit 1, exactly one stderr line, naming `file` and matching `what`. */
function expectRefusal(result: { code: number | null; stderr: string; stdout: string }, file: string, what: RegExp): void {
  expect(result.stdout).not.toContain('serving on');
  expect(result.code).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^liveprop serve: cannot start: /);
  expect(lines[0]).toContain(file);
  expect(lines[0]).toMatch(what);
}

describe('liveprop serve', () => {
  it('serves on the given port until SIGTERM, then exits 0', async () => {
    const dataDir = mkdtempSync(join(work, 'ok-'));
    const child = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--data', dataDir], { env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn' } });
    const url = await listening(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('[R39] takes its worker cap and spare threads from the environment, and refuses a spare count out of range naming it', async () => {
    const dataDir = mkdtempSync(join(work, 'spares-'));
    const env = { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', LIVEPROP_MAX_WORKERS: '3', LIVEPROP_SPARE_WORKERS: '0' };
    const child = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--data', dataDir], { env });
    const url = await listening(child);
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ workers: 0, maxWorkers: 3, spareWorkers: 0 });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const bad = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--data', dataDir], { env: { ...env, LIVEPROP_SPARE_WORKERS: '65' } });
    let stderr = '';
    bad.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    expect(await new Promise((resolve) => bad.once('exit', resolve))).toBe(2);
    expect(stderr).toContain('LIVEPROP_SPARE_WORKERS must be a whole number from 0 to 64, got "65"');
  });

  it('refuses an unknown option with exit code 2', async () => {
    const child = spawn(process.execPath, [MAIN, 'serve', '--bogus', '1']);
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(2);
  });
});

describe('liveprop serve on a data dir it cannot use', () => {
  it('refuses a corrupt database file in one line that says to move it away, and leaves its bytes alone', async () => {
    const garbage = Buffer.alloc(16_384, 0x5a);
    const dir = dataDirWith((path) => writeFileSync(path, garbage));
    expectRefusal(await serveFailing(dir), join(dir, 'liveprop.db'), /not a readable SQLite database.*move it away/);
    expect(readFileSync(join(dir, 'liveprop.db')).equals(garbage)).toBe(true);
  });

  it('refuses a SQLite file of another application and says where to point LIVEPROP_DATA', async () => {
    const dir = dataDirWith((path) => {
      const db = new Database(path);
      db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
      db.close();
    });
    expectRefusal(await serveFailing(dir), join(dir, 'liveprop.db'), /another application \(tables: invoices\).*LIVEPROP_DATA/);
  });

  it('refuses a SQLite file stamped by another program and says what to do', async () => {
    const dir = dataDirWith((path) => {
      const db = new Database(path);
      db.pragma('application_id = 1234');
      db.close();
    });
    expectRefusal(await serveFailing(dir), join(dir, 'liveprop.db'), /application_id 1234.*set LIVEPROP_DATA to another directory/);
  });

  it('refuses a store of a newer schema and says to upgrade', async () => {
    const dir = mkdtempSync(join(work, 'newer-'));
    const store = openStore(dir);
    if (!store.ok) throw new Error(store.message);
    store.value.close();
    const db = new Database(join(dir, 'liveprop.db'));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expectRefusal(await serveFailing(dir), join(dir, 'liveprop.db'), new RegExp(`schema version ${SCHEMA_VERSION + 1}.*upgrade liveprop`));
  });

  it('refuses a data dir on a read-only file system, empty or holding a store', async () => {
    const empty = mountTmpfs(256, { readOnly: true });
    mounts.push(empty);
    expectRefusal(await serveFailing(empty.dir), empty.dir, /read_only: .*not writable.*set LIVEPROP_DATA to a writable directory/);

    const holding = mountTmpfs(1024);
    mounts.push(holding);
    const store = openStore(holding.dir);
    if (!store.ok) throw new Error(store.message);
    store.value.close();
    holding.makeReadOnly();
    expectRefusal(await serveFailing(holding.dir), holding.dir, /read_only: .*LIVEPROP_DATA/);
  });

  it('refuses a data dir on a full disk and says to free space', async () => {
    const disk = mountTmpfs(256);
    mounts.push(disk);
    fillDisk(join(disk.dir, 'filler'));
    expectRefusal(await serveFailing(disk.dir), join(disk.dir, 'liveprop.db'), /disk_full: .*the disk is full.*free space/);
  });

  it('refuses a data dir another server is using, and the first server keeps running', async () => {
    const dir = mkdtempSync(join(work, 'locked-'));
    const first = serve(dir);
    const url = await listening(first);
    expectRefusal(await serveFailing(dir), join(dir, 'liveprop.db'), /locked: .*another liveprop server.*LIVEPROP_DATA/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => first.once('exit', resolve));
    first.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('liveprop serve with one session damaged', () => {
  it('starts, serves the intact session as it was, and brings the damaged ones back with a message saying so', async () => {
    const dir = mkdtempSync(join(work, 'damaged-'));
    const before = await startTestServer({ dataDir: dir });
    const ids: string[] = [];
    const epochs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await before.createSession({ preset: 'xor' });
      const editor = await TestClient.joined(before.url, s.id, s.editToken);
      editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
      await editor.next((m) => m.type === 'metrics');
      ids.push(s.id);
      epochs.push(before.registry.get(s.id)!.epoch);
      editor.close();
    }
    // A clean shutdown checkpoints every session.
    await before.close();
    expect(epochs).toEqual([1, 1, 1]);
    const [intact, unparsable, wrongShape] = ids as [string, string, string];
    const db = new Database(join(dir, 'liveprop.db'));
    db.prepare('UPDATE checkpoints SET is_binary = 0, data = ? WHERE session_id = ?').run(Buffer.from('{"layers": [1, 2'), unparsable);
    db.prepare('UPDATE checkpoints SET is_binary = 0, data = ? WHERE session_id = ?').run(Buffer.from('{"hello": "world"}'), wrongShape);
    db.close();

    const child = serve(dir);
    const url = await listening(child);
    const list = sessionListSchema.parse(await (await fetch(`${url}/api/sessions`)).json());
    expect(list).toHaveLength(3);
    expect(list).toContainEqual(expect.objectContaining({ id: intact, status: 'paused', epoch: epochs[0] }));

    const good = await TestClient.joined(url, intact);
    const goodState = good.received.find((m) => m.type === 'sessionState');
    expect(goodState).toMatchObject({ status: 'paused', epoch: epochs[0] });
    expect(goodState?.type === 'sessionState' && goodState.events.some((e) => e.what === RESTORE_DAMAGED_EVENT)).toBe(false);
    good.close();

    for (const [id, why] of [[unparsable, /checkpoint does not load/], [wrongShape, /checkpoint \(epoch \d+\) does not restart/]] as const) {
      const viewer = await TestClient.joined(url, id);
      const state = viewer.received.find((m) => m.type === 'sessionState');
      if (state?.type !== 'sessionState') throw new Error('expected a sessionState');
      expect(state).toMatchObject({ status: 'paused', epoch: 0 });
      const damaged = state.events.filter((e) => e.what === RESTORE_DAMAGED_EVENT);
      expect(damaged).toEqual([expect.objectContaining({ by: 'system', to: expect.stringMatching(why) })]);
      expect(String(damaged[0]!.to)).toContain('initial weights');
      viewer.close();
    }
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
