// Lobby pages over 10,000 stored sessions ([R39]) on both store backends, side by side: the first page, a search
// and the last page as `querySessions` answers them (what GET /api/sessions reads). Usage, on the built dist:
// node apps/server/bench/lobby.js [--sessions 10000] [--queries 50]. Bounded: at most 20,000 sessions, 200 queries;
// the SQLite dir and the PostgreSQL cluster are temporary and removed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../dist/storage/openStore.js';
import { openPostgresStore } from '../dist/storage/pg/openPostgresStore.js';
import { startBenchPostgres } from './postgresServer.js';

const args = process.argv.slice(2);
const flag = (name, fallback, max) => {
  const i = args.indexOf(`--${name}`);
  return Math.min(max, Number(i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback));
};
const SESSIONS = flag('sessions', 10_000, 20_000);
const QUERIES = flag('queries', 50, 200);

const unwrap = (r) => {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
};
const percentile = (v, p) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor((p / 100) * v.length))];

async function fill(store) {
  for (let i = 0; i < SESSIONS; i++) {
    const id = `lobby${String(i).padStart(6, '0')}`;
    unwrap(await store.createSession({ id, name: `${i % 7 === 0 ? 'spiral' : 'xor'} lesson ${i}`, config: { seed: i }, editTokenHash: 'h', createdAt: 1_700_000_000_000 + i }));
  }
}

async function times(store, query) {
  const t = [];
  for (let i = 0; i < QUERIES; i++) {
    const start = performance.now();
    unwrap(await store.querySessions(query));
    t.push(performance.now() - start);
  }
  return t;
}

const QUERIES_RUN = [
  ['first page (limit 50)', { offset: 0, limit: 50 }],
  ['search "spiral lesson 12"', { offset: 0, limit: 50, search: 'spiral lesson 12' }],
  [`last page (offset ${SESSIONS - 50})`, { offset: SESSIONS - 50, limit: 50 }],
  // A fork overlay's query ([R38]): no index on parent_id, so this is a scan of every row.
  ['related of the oldest session', { offset: 0, limit: 1000, related: 'lobby000000' }],
];

const rows = [];
const dir = mkdtempSync(join(tmpdir(), 'liveprop-bench-lobby-'));
const postgres = await startBenchPostgres();
try {
  const stores = [
    ['sqlite', unwrap(openStore(dir))],
    ['postgres', unwrap(await openPostgresStore(await postgres.createDatabase(pg)))],
  ];
  for (const [kind, store] of stores) {
    const started = performance.now();
    await fill(store);
    process.stderr.write(`${kind}: ${SESSIONS} sessions stored in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    for (const [what, query] of QUERIES_RUN) {
      const t = await times(store, query);
      rows.push(`${kind.padEnd(9)}| ${what.padEnd(32)}| ${percentile(t, 50).toFixed(2).padStart(7)} | ${percentile(t, 99).toFixed(2).padStart(7)}`);
    }
    await store.close();
  }
  console.log(`lobby over ${SESSIONS} stored sessions, ${QUERIES} queries each (ms)`);
  console.log('backend  | query                           | p50     | p99');
  for (const r of rows) console.log(r);
} finally {
  postgres.stop();
  rmSync(dir, { recursive: true, force: true });
}
