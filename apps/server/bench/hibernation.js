// Many sessions on one node ([R39]): 10,000 stored sessions, 200 joined by viewers, 8 training, on the built dist.
// Usage: pnpm --filter @liveprop/server build && node apps/server/bench/hibernation.js [--sessions N] [--viewers V] [--training T] [--wakes W]
// Reports the server's RSS and threads (from /proc of the server process) at each stage, lobby page and search
// latency, join latency of hibernated sessions, and wake latency (a 2-16-16-1 net, step → its metrics frame).
// Bounded: N ≤ 20,000, V ≤ 500, T ≤ 32, W ≤ 50; the data dir is a temp dir, removed; the server is stopped.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROTOCOL_VERSION, decodeServerMessage } from '@liveprop/protocol';
import WebSocket from 'ws';
import { openStore } from '../dist/storage/openStore.js';
import { hashToken } from '../dist/sessions/tokens.js';
import { sampleSession } from './wideXor.js';

const args = process.argv.slice(2);
const flag = (name, fallback, max) => {
  const i = args.indexOf(`--${name}`);
  return Math.min(max, Number(i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback));
};
const SESSIONS = flag('sessions', 10_000, 20_000);
const VIEWERS = flag('viewers', 200, 500);
const TRAINING = flag('training', 8, 32);
const WAKES = flag('wakes', 20, 50);
const MAX_WORKERS = TRAINING + 8;
const HIBERNATE_AFTER_S = 2;
const EDIT_TOKEN = 'bench-edit-token';
const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
const ms = (v) => v.toFixed(1);

async function fillStore(dir) {
  const sample = sampleSession();
  const store = openStore(dir);
  if (!store.ok) throw new Error(store.message);
  const s = store.value;
  const started = performance.now();
  for (let i = 0; i < SESSIONS; i++) {
    const id = `bench${String(i).padStart(6, '0')}`;
    const created = await s.createSession({ id, name: `${i % 7 === 0 ? 'spiral' : 'xor'} lesson ${i}`, config: sample.config, editTokenHash: hashToken(EDIT_TOKEN), createdAt: 1_700_000_000_000 + i });
    if (!created.ok) throw new Error(created.message);
    for (const written of [
      await s.appendMetrics(id, sample.metrics),
      await s.saveCheckpoint(id, { epoch: sample.epoch, seq: 0, data: sample.checkpoint }),
      await s.saveSnapshot(id, { epoch: sample.epoch, data: sample.snapshot }),
      await s.updateSessionState(id, { status: 'paused', epoch: sample.epoch }),
    ]) {
      if (!written.ok) throw new Error(written.message);
    }
  }
  await s.close();
  return performance.now() - started;
}

function startServer(dataDir) {
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: { ...process.env, LIVEPROP_DATA: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', LIVEPROP_MAX_WORKERS: String(MAX_WORKERS), LIVEPROP_HIBERNATE_AFTER: String(HIBERNATE_AFTER_S) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d.toString();
      const m = /serving on (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

async function stopServer(server) {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

/** RSS (MiB) and thread count of the server process, from /proc. */
function usage(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
  return { rssMiB: rssKiB / 1024, threads: Number(/Threads:\s+(\d+)/.exec(status)[1]) };
}

async function workers(url) {
  return (await (await fetch(`${url}/healthz`)).json()).workers;
}

/** A client joined to `id`; resolves with the socket and when its state and first snapshot arrived. */
function joinSession(url, id, editToken) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`);
  const sentAt = performance.now();
  const waiters = [];
  const client = { ws, stateMs: NaN, snapshotMs: NaN, on: (test) => new Promise((resolve) => waiters.push({ test, resolve })) };
  ws.on('message', (data, isBinary) => {
    // Binary frames are snapshots and, since the one-write tick, metrics too: decode them to tell which.
    const decoded = decodeServerMessage(isBinary ? new Uint8Array(data) : data.toString('utf8'), isBinary);
    if (!decoded.ok) return;
    const m = decoded.value;
    if (m.type === 'welcome') ws.send(JSON.stringify({ type: 'join', sessionId: id, ...(editToken ? { editToken } : {}) }));
    if (m.type === 'sessionState') client.stateMs = performance.now() - sentAt;
    if (m.type === 'snapshot' && Number.isNaN(client.snapshotMs)) client.snapshotMs = performance.now() - sentAt;
    for (const w of [...waiters]) {
      if (!w.test(m)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(m);
    }
  });
  ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION })));
  return client.on((m) => m.type === 'sessionState').then(() => client);
}

async function lobbyTimes(url, query, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(`${url}/api/sessions${query}`);
    await res.json();
    times.push(performance.now() - t);
  }
  return times;
}

const rows = [];
const progress = (what) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${what}\n`);
const row = (stage, pid, extra = '') => {
  const u = usage(pid);
  rows.push(`${stage.padEnd(44)} | ${u.rssMiB.toFixed(1).padStart(8)} | ${String(u.threads).padStart(7)} | ${extra}`);
  return u;
};

const work = mkdtempSync(join(tmpdir(), 'liveprop-bench-hibernate-'));
try {
  progress('starting on an empty store');
  const empty = await startServer(join(work, 'empty'));
  await sleep(1000);
  const base = row('empty store, idle', empty.child.pid);
  await stopServer(empty);

  const dataDir = join(work, 'data');
  progress(`filling the store with ${SESSIONS} sessions`);
  const fillMs = await fillStore(dataDir);
  const server = await startServer(dataDir);
  const pid = server.child.pid;
  // Start-up brings the newest sessions back with a worker (as many as are free); they hibernate when idle.
  await sleep(1000);
  row(`${SESSIONS} stored, just started`, pid, `workers ${await workers(server.url)} (newest restored)`);
  await sleep(HIBERNATE_AFTER_S * 1000 + 3000);
  const stored = row(`${SESSIONS} stored, all hibernated`, pid, `workers ${await workers(server.url)}; `);
  rows[rows.length - 1] += `${(((stored.rssMiB - base.rssMiB) * 1024 * 1024) / SESSIONS).toFixed(0)} B/stored session vs empty (restored ones still in memory)`;

  progress('lobby');
  const firstPage = await lobbyTimes(server.url, '?limit=50', 30);
  const search = await lobbyTimes(server.url, '?limit=50&q=spiral%20lesson%2012', 30);
  const deep = await lobbyTimes(server.url, `?limit=50&offset=${SESSIONS - 50}`, 30);

  progress(`${VIEWERS} viewers join`);
  const viewers = [];
  for (let i = 0; i < VIEWERS; i++) viewers.push(await joinSession(server.url, `bench${String(i).padStart(6, '0')}`));
  while (viewers.some((v) => Number.isNaN(v.snapshotMs))) await sleep(20);
  const joined = row(`${VIEWERS} joined (hibernated), 1 viewer each`, pid, `workers ${await workers(server.url)}`);
  rows[rows.length - 1] += `; ${(((joined.rssMiB - stored.rssMiB) * 1024) / VIEWERS).toFixed(0)} KiB per joined session (with its viewer)`;

  progress(`${TRAINING} editors play`);
  const editors = [];
  for (let i = 0; i < TRAINING; i++) editors.push(await joinSession(server.url, `bench${String(i).padStart(6, '0')}`, EDIT_TOKEN));
  const playWake = [];
  for (const e of editors) {
    const t = performance.now();
    e.ws.send(JSON.stringify({ type: 'control', command: { action: 'play' } }));
    await e.on((m) => m.type === 'metrics' || m.type === 'error');
    playWake.push(performance.now() - t);
  }
  await sleep(3000);
  const training = row(`${TRAINING} training, ${VIEWERS} joined`, pid, `workers ${await workers(server.url)}`);
  rows[rows.length - 1] += `; ${(training.threads - joined.threads)} threads for ${TRAINING} workers`;

  progress(`${WAKES} wakes by step`);
  const stepWake = [];
  for (let i = 0; i < WAKES; i++) {
    const id = `bench${String(VIEWERS + i).padStart(6, '0')}`;
    const e = await joinSession(server.url, id, EDIT_TOKEN);
    const t = performance.now();
    e.ws.send(JSON.stringify({ type: 'control', command: { action: 'step', unit: 'epoch' } }));
    await e.on((m) => m.type === 'metrics' || m.type === 'error');
    stepWake.push(performance.now() - t);
    e.ws.close();
  }

  progress('pause, then idle');
  for (const e of editors) e.ws.send(JSON.stringify({ type: 'control', command: { action: 'pause' } }));
  await sleep(HIBERNATE_AFTER_S * 1000 + 3000);
  row(`paused; after ${HIBERNATE_AFTER_S} s idle + sweep`, pid, `workers ${await workers(server.url)}`);
  for (const c of [...viewers, ...editors]) c.ws.close();
  await sleep(HIBERNATE_AFTER_S * 1000 + 3000);
  row('everyone left; after idle + sweep', pid, `workers ${await workers(server.url)}`);
  await stopServer(server);

  console.log(`store filled with ${SESSIONS} sessions (2-16-16-1 xor, 50 epochs, checkpoint, snapshot each) in ${(fillMs / 1000).toFixed(1)} s; LIVEPROP_MAX_WORKERS=${MAX_WORKERS}, LIVEPROP_HIBERNATE_AFTER=${HIBERNATE_AFTER_S}`);
  console.log('stage                                        | RSS MiB  | threads | notes');
  for (const r of rows) console.log(r);
  console.log('');
  console.log('latency (ms)                                 | p50     | p99     | max');
  const line = (what, v) => console.log(`${what.padEnd(44)} | ${ms(percentile(v, 50)).padStart(7)} | ${ms(percentile(v, 99)).padStart(7)} | ${ms(Math.max(...v)).padStart(7)}`);
  line(`lobby: first page of ${SESSIONS} (limit 50)`, firstPage);
  line('lobby: search "spiral lesson 12"', search);
  line(`lobby: last page (offset ${SESSIONS - 50})`, deep);
  line('join hibernated: hello → sessionState', viewers.map((v) => v.stateMs));
  line('join hibernated: hello → stored snapshot', viewers.map((v) => v.snapshotMs));
  line('wake: play → first metrics (others training)', playWake);
  line(`wake: step → its metrics (${TRAINING} training)`, stepWake);
} finally {
  rmSync(work, { recursive: true, force: true });
}
