// Memory of a hibernated session in memory ([R39]): N stored sessions (2-16-16-1 xor, 50 epochs, checkpoint and
// snapshot each) loaded asleep without viewers, then N sockets that only said hello, then each socket joined to
// one session. Heap and off-heap bytes (after a full GC) per session at each stage: "loaded" is what a hibernated
// session costs in memory, "joined" what a join adds beyond its socket. Off-heap is split into ArrayBuffers
// (Buffers, typed arrays) and the rest of V8's external memory (process.memoryUsage().external counts both). The
// clients run in a child process, so only the server's side is counted.
// Usage: pnpm --filter @liveprop/server build && node --expose-gc apps/server/bench/sessionMemory.js [--sessions N]
// In-process server on the built dist, temp data dir (removed); bounded: N ≤ 2,000.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION } from '@liveprop/protocol';
import { pino } from 'pino';
import { createServer } from '../dist/server.js';
import { openStore } from '../dist/storage/openStore.js';
import { hashToken } from '../dist/sessions/tokens.js';
import { sampleSession } from './wideXor.js';

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
const args = process.argv.slice(2);
const at = args.indexOf('--sessions');
const SESSIONS = Math.min(2_000, Number(at >= 0 ? args[at + 1] : 500));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function settled() {
  for (let i = 0; i < 3; i++) {
    await sleep(100);
    globalThis.gc();
  }
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers, external: m.external - m.arrayBuffers, rss: m.rss };
}

const dataDir = mkdtempSync(join(tmpdir(), 'liveprop-bench-memory-'));
const ids = Array.from({ length: SESSIONS }, (_, i) => `mem${String(i).padStart(5, '0')}`);
const s = sampleSession();
const store = openStore(dataDir);
if (!store.ok) throw new Error(store.message);
for (const [i, id] of ids.entries()) {
  await store.value.createSession({ id, name: `lesson ${i}`, config: s.config, editTokenHash: hashToken('t'), createdAt: 1_700_000_000_000 + i });
  await store.value.appendMetrics(id, s.metrics);
  await store.value.saveCheckpoint(id, { epoch: s.epoch, seq: 0, data: s.checkpoint });
  await store.value.saveSnapshot(id, { epoch: s.epoch, data: s.snapshot });
  await store.value.updateSessionState(id, { status: 'paused', epoch: s.epoch });
}
await store.value.close();

// One worker, never idle-swept during the bench: start-up restores only the newest session, the rest load asleep.
const server = await createServer({ host: '127.0.0.1', port: 0, dataDir, logger: pino({ level: 'warn' }), maxWorkers: 1, spareWorkers: 0, hibernateAfterMs: 3_600_000 });
/** The viewers, in a child process: they connect and say hello, then join one session each when told. */
const CLIENTS = `
import WebSocket from 'ws';
const [url, ...ids] = process.argv.slice(1);
const sockets = [];
for (const id of ids) {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + '/ws');
  await new Promise((resolve) => { ws.once('message', resolve); ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', protocol: ${PROTOCOL_VERSION} }))); });
  sockets.push([ws, id]);
}
process.stdout.write('connected\\n');
process.stdin.once('data', async () => {
  for (const [ws, id] of sockets) {
    const joined = new Promise((resolve) => ws.on('message', (data, binary) => (!binary && data.toString().includes('"sessionState"') ? resolve() : undefined)));
    ws.send(JSON.stringify({ type: 'join', sessionId: id }));
    await joined;
  }
  process.stdout.write('joined\\n');
});
process.stdin.on('end', () => process.exit(0));
`;
let clients = null;
try {
  const base = await settled();
  for (const id of ids) await server.registry.acquire(id);
  const loaded = await settled();
  clients = spawn(process.execPath, ['--input-type=module', '-e', CLIENTS, server.url, ...ids], { cwd: new URL('.', import.meta.url), stdio: ['pipe', 'pipe', 'inherit'] });
  const said = (line) => new Promise((resolve) => {
    let out = '';
    const on = (d) => {
      out += d.toString();
      if (!out.includes(line)) return;
      clients.stdout.off('data', on);
      resolve();
    };
    clients.stdout.on('data', on);
  });
  await said('connected');
  const connected = await settled();
  clients.stdin.write('join\n');
  await said('joined');
  await sleep(500);
  const joined = await settled();
  const awake = server.registry.stats();
  const per = (a, b, key) => ((b[key] - a[key]) / SESSIONS / 1024).toFixed(1).padStart(8);
  console.log(`${SESSIONS} stored sessions (2-16-16-1 xor, 50 epochs, checkpoint, ${s.snapshot.byteLength} B snapshot); ${awake.sessions} in memory, ${awake.workers} awake`);
  console.log('KiB per session                              |     heap |  buffers | external |      RSS');
  const line = (what, a, b) => console.log(`${what.padEnd(44)} | ${per(a, b, 'heap')} | ${per(a, b, 'buffers')} | ${per(a, b, 'external')} | ${per(a, b, 'rss')}`);
  line('loaded hibernated, nobody joined', base, loaded);
  line('a socket that said hello (not joined)', loaded, connected);
  line('joining it to its session (beyond the socket)', connected, joined);
  line('hibernated session, joined, with its socket', base, joined);
} finally {
  clients?.stdin.end();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
