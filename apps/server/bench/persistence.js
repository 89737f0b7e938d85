// Persistence cost: epochs/s of one unlimited-speed session with no store, the SQLite store and the PostgreSQL store
// (a throwaway local cluster, fsync on), on the built dist.
// Usage: pnpm --filter @liveprop/server build && node apps/server/bench/persistence.js [--seconds S] [--presets spiral,punnen-xor] [--rounds R]
// Off, SQLite and PostgreSQL alternate R times (default 2) per preset, so drift in a shared machine's load hits all alike.
// Bounded: about (S + 1) s per run, 2 x R runs per preset; S is capped at 10. Data dirs are temp dirs, removed.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION } from '@liveprop/protocol';
import { pino } from 'pino';
import WebSocket from 'ws';
import pg from 'pg';
import { createServer } from '../dist/index.js';
import { startBenchPostgres } from './postgresServer.js';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const SECONDS = Math.min(10, Number(flag('seconds', '3')));
const PRESETS = flag('presets', 'spiral,punnen-xor').split(',');
const ROUNDS = Math.min(5, Math.max(1, Number(flag('rounds', '2'))));
const WARMUP_MS = 500;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** An editor socket that has joined `id`; resolves once `sessionState` arrived. */
function joinAsEditor(url, id, editToken) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`);
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, name: 'bench' })));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const m = JSON.parse(data.toString('utf8'));
      if (m.type === 'welcome') ws.send(JSON.stringify({ type: 'join', sessionId: id, editToken }));
      else if (m.type === 'sessionState') resolve(ws);
      else if (m.type === 'error') reject(new Error(`${m.code}: ${m.message}`));
    });
  });
}

function storeBytes(dir) {
  let total = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    const path = join(dir, `liveprop.db${suffix}`);
    if (existsSync(path)) total += statSync(path).size;
  }
  return total;
}

async function run(preset, mode) {
  const dataDir = mode === 'sqlite' ? mkdtempSync(join(tmpdir(), 'liveprop-bench-persist-')) : undefined;
  const store = mode === 'sqlite' ? { dataDir } : mode === 'postgres' ? { databaseUrl: await postgres.createDatabase(pg) } : {};
  try {
    const server = await createServer({ port: 0, logger: pino({ level: 'silent' }), ...store });
    let result;
    let session;
    try {
      const res = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ preset }) });
      const created = await res.json();
      if (res.status !== 201) throw new Error(`POST /api/sessions answered ${res.status}: ${JSON.stringify(created)}`);
      const editor = await joinAsEditor(server.url, created.id, created.editUrl.split('#edit=')[1]);
      session = server.registry.get(created.id);
      editor.send(JSON.stringify({ type: 'control', command: { action: 'play' } }));
      await sleep(WARMUP_MS);
      const epoch0 = session.epoch;
      const elu0 = performance.eventLoopUtilization();
      const t0 = performance.now();
      await sleep(SECONDS * 1000);
      const epochs = session.epoch - epoch0;
      const seconds = (performance.now() - t0) / 1000;
      const mainBusy = performance.eventLoopUtilization(elu0).utilization;
      editor.close();
      result = { epochsPerSecond: epochs / seconds, mainBusy };
    } finally {
      await server.close();
    }
    // Closed, so the WAL is folded into the file: what the history (and checkpoints) really cost on disk.
    const stored = session?.epoch ?? 0;
    return { ...result, bytesPerEpoch: dataDir !== undefined && stored > 0 ? storeBytes(dataDir) / stored : NaN };
  } finally {
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  }
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '-');

const MODES = ['off', 'sqlite', 'postgres'];
const postgres = await startBenchPostgres();
console.log(`unlimited speed, ${SECONDS} s per run after ${WARMUP_MS} ms warm-up, ${MODES.join('/')} alternated ${ROUNDS}x per preset; one editor socket, no other viewers`);
console.log('preset     | persistence | epochs/s (mean) | runs (epochs/s)          | vs off | main loop busy % | db B/epoch after close');
try {
  for (const preset of PRESETS) {
    const results = { off: [], sqlite: [], postgres: [] };
    for (let r = 0; r < ROUNDS; r++) for (const mode of MODES) results[mode].push(await run(preset, mode));
    const off = mean(results.off.map((x) => x.epochsPerSecond));
    for (const mode of MODES) {
      const rs = results[mode];
      const eps = mean(rs.map((x) => x.epochsPerSecond));
      console.log(
        [
          preset.padEnd(10), mode.padStart(11), fmt(eps).padStart(15), rs.map((x) => fmt(x.epochsPerSecond)).join(', ').padEnd(24),
          `${fmt((100 * eps) / off)}%`.padStart(6), fmt(100 * mean(rs.map((x) => x.mainBusy))).padStart(16),
          (mode === 'sqlite' ? fmt(mean(rs.map((x) => x.bytesPerEpoch)), 1) : '-').padStart(22),
        ].join(' | '),
      );
    }
  }
} finally {
  postgres.stop();
}
