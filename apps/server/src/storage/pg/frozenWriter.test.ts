import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../testing/postgres.js';
import { unwrap } from '../../testing/storeResults.js';
import type { Store } from '../types.js';
import { IDLE_IN_TRANSACTION_MS, openPostgresStore, postgresPoolConfig } from './openPostgresStore.js';

const SERVER_DIR = fileURLToPath(new URL('../../..', import.meta.url));

/** In another process, with the store's connection settings: locks the session's row as a write does, then freezes. */
const FREEZE_MID_WRITE = `
import pg from 'pg';
const [config, id] = JSON.parse(process.argv[1]);
const client = new pg.Client(config);
client.on('error', () => {});
await client.connect();
await client.query('BEGIN');
await client.query('SELECT fence FROM sessions WHERE id = $1 FOR NO KEY UPDATE', [id]);
process.stdout.write('LOCKED\\n');
process.kill(process.pid, 'SIGSTOP');
`;

let postgres: TestPostgres;
let url: string;
let store: Store;
let frozen: ChildProcess | null = null;
beforeAll(async () => {
  postgres = await startPostgres();
  url = await postgres.createDatabase();
  store = unwrap(await openPostgresStore(url));
}, 60_000);
afterAll(async () => {
  frozen?.kill('SIGCONT');
  frozen?.kill('SIGKILL');
  await store?.close();
  await postgres?.remove();
}, 30_000);

describe('PostgreSQL store: a writer frozen mid-transaction', () => {
  it(`does not hold its session's row past IDLE_IN_TRANSACTION_MS (${IDLE_IN_TRANSACTION_MS} ms): a new owner's claim goes through`, async () => {
    unwrap(await store.createSession({ id: 's', name: 's', config: {}, editTokenHash: 'h', createdAt: 1 }));
    const { types: _types, ...config } = postgresPoolConfig(url);
    const child = spawn(process.execPath, ['--input-type=module', '-e', FREEZE_MID_WRITE, JSON.stringify([config, 's'])], { cwd: SERVER_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    frozen = child;
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString('utf8')));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString('utf8').includes('LOCKED') && resolve());
      child.once('exit', (code) => reject(new Error(`the freezing writer exited (${code}) before locking: ${err}`)));
    });
    // Without the timeout this waits on the frozen lock until the query times out (unavailable).
    expect(await store.claimSession('s', 7)).toEqual({ ok: true, value: 7 });
    unwrap(await store.appendMetrics('s', [{ epoch: 1, trainLoss: 1, testLoss: 1, trainAccuracy: null, testAccuracy: null, learningRate: 0.1, epochMs: 1 }]));
  }, 60_000);
});
