// Storage cost of the session store, SQLite and PostgreSQL side by side, on the built dist.
// Usage: pnpm --filter @liveprop/server build && node apps/server/bench/storage.js [--epochs 1000000]
// Bounded: at most --epochs epochs per case (default 1,000,000, cap 5,000,000); temp dirs and a throwaway PostgreSQL
// cluster (Debian's binaries, fsync on) are removed at the end.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openStore } from '../dist/storage/openStore.js';
import { openPostgresStore } from '../dist/storage/pg/openPostgresStore.js';
import { startBenchPostgres } from './postgresServer.js';

const arg = process.argv.indexOf('--epochs');
const EPOCHS = arg > 0 ? Math.min(Number(process.argv[arg + 1]), 5_000_000) : 1_000_000;

function unwrap(result) {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
}

// Shaped like a real run: noisy decaying losses (full-precision doubles), accuracies counted over 400 train and
// 100 test points, a constant learning rate, epoch times with microsecond jitter.
function metrics(epoch) {
  const decay = Math.exp(-epoch / (EPOCHS / 4));
  return {
    epoch,
    trainLoss: 0.69 * decay + 0.01 + Math.random() * 1e-3,
    testLoss: 0.7 * decay + 0.02 + Math.random() * 1e-3,
    trainAccuracy: Math.min(400, Math.round(400 * (1 - 0.5 * decay) + Math.random() * 4)) / 400,
    testAccuracy: Math.min(100, Math.round(100 * (1 - 0.5 * decay) + Math.random() * 2)) / 100,
    learningRate: 0.03,
    epochMs: 0.012 + Math.round(Math.random() * 5000) / 1e6,
  };
}

function sqliteBytes(dir) {
  let total = 0;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(join(dir, `liveprop.db${suffix}`))) total += statSync(join(dir, `liveprop.db${suffix}`)).size;
  return total;
}

async function postgresBytes(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query("SELECT pg_total_relation_size('metric_chunks')::float8 AS bytes");
  await client.end();
  return rows[0].bytes;
}

/** Appends, exports, reads and forks on one backend; answers its table rows. */
async function measure(backend, open, bytesOf, batch) {
  const rows = [];
  const store = await open();
  unwrap(await store.createSession({ id: 's', name: 'bench', config: {}, editTokenHash: 'h', createdAt: Date.now() }));
  const pending = new Array(batch);
  let appendMs = 0;
  for (let start = 1; start <= EPOCHS; start += batch) {
    for (let i = 0; i < batch; i++) pending[i] = metrics(start + i);
    const t0 = performance.now();
    unwrap(await store.appendMetrics('s', pending));
    appendMs += performance.now() - t0;
  }
  const row = (what, fields) => rows.push({ backend, case: what, ...fields });
  row(`append, batches of ${batch}`, { 'epochs/s': Math.round(EPOCHS / (appendMs / 1000)), 'ms/call': +(appendMs / (EPOCHS / batch)).toFixed(3), 'bytes/epoch': +((await bytesOf()) / EPOCHS).toFixed(1) });
  if (batch !== 1000) {
    await store.close();
    return rows;
  }
  const t0 = performance.now();
  let lines = 0;
  for await (const piece of unwrap(await store.streamMetricsCsv('s'))) for (let i = piece.indexOf('\n'); i !== -1; i = piece.indexOf('\n', i + 1)) lines++;
  const csvMs = performance.now() - t0;
  row('CSV export (streamMetricsCsv)', { 'epochs/s': Math.round((lines - 1) / (csvMs / 1000)), 'ms/call': +csvMs.toFixed(0) });
  const reads = 200;
  const t1 = performance.now();
  for (let i = 0; i < reads; i++) {
    const from = 1 + Math.floor(Math.random() * (EPOCHS - 1000));
    unwrap(await store.readMetrics('s', from, from + 999));
  }
  const readMs = performance.now() - t1;
  row('readMetrics, random 1000-epoch window', { 'epochs/s': Math.round((reads * 1000) / (readMs / 1000)), 'ms/call': +(readMs / reads).toFixed(3) });
  const at = Math.floor(EPOCHS / 2) + 7;
  const t2 = performance.now();
  unwrap(await store.forkSession('s', 'fork', at));
  row(`forkSession at epoch ${at}`, { 'ms/call': +(performance.now() - t2).toFixed(1) });
  await store.close();
  return rows;
}

const root = mkdtempSync(join(tmpdir(), 'liveprop-bench-storage-'));
const postgres = await startBenchPostgres();
const rows = [];
try {
  for (const batch of [100, 1000]) {
    const dir = join(root, `sqlite-${batch}`);
    rows.push(...(await measure('sqlite', async () => unwrap(openStore(dir)), async () => sqliteBytes(dir), batch)));
    const url = await postgres.createDatabase(pg);
    rows.push(...(await measure('postgres', async () => unwrap(await openPostgresStore(url)), () => postgresBytes(url), batch)));
  }
  console.log(`liveprop storage bench — node ${process.version}, ${EPOCHS.toLocaleString('en')} epochs per case; SQLite WAL synchronous=NORMAL; PostgreSQL local, fsync on`);
  console.table(rows);
} finally {
  postgres.stop();
  rmSync(root, { recursive: true, force: true });
}
