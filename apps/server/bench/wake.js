// Wake latency of a hibernated session ([R39]): a 2-16-16-1 net, put to sleep as the idle sweep does, then woken by
// a step; the time from the step to its metrics frame, split into where it goes (worker start → ready, the rest).
// With --training N, N other sessions of the same net train meanwhile (the load a wake competes with); first it
// reports the CPU the server uses with no session at all (its spare threads idle). The worker cap is then N + 2:
// the trainers, the woken session and a spare.
// Usage: pnpm --filter @liveprop/server build && node apps/server/bench/wake.js [--wakes 30] [--pool N] [--training N]
// In-process server on the built dist with a temp data dir (removed); bounded: at most 100 wakes, 32 training.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION, decodeServerMessage } from '@liveprop/protocol';
import { pino } from 'pino';
import WebSocket from 'ws';
import { createServer } from '../dist/server.js';
import { wideXor } from './wideXor.js';

const args = process.argv.slice(2);
const flag = (name, fallback, max) => {
  const i = args.indexOf(`--${name}`);
  return Math.min(max, Number(i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback));
};
const WAKES = flag('wakes', 30, 100);
const POOL = flag('pool', -1, 16);
const TRAINING = flag('training', 0, 32);
/** Longer than the metrics hold (100 ms + slack): a session hibernates after minutes idle, not right after a frame. */
const ASLEEP_MS = 300;

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function editorOf(url, id, editToken) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { headers: { origin: url } });
  const waiters = [];
  const on = (test) => new Promise((resolve) => waiters.push({ test, resolve }));
  ws.on('message', (data, isBinary) => {
    const decoded = decodeServerMessage(isBinary ? new Uint8Array(data) : data.toString('utf8'), isBinary);
    if (!decoded.ok) return;
    const m = decoded.value;
    if (m.type === 'welcome') ws.send(JSON.stringify({ type: 'join', sessionId: id, editToken }));
    for (const w of [...waiters]) {
      if (!w.test(m)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(m);
    }
  });
  ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION })));
  return on((m) => m.type === 'sessionState').then(() => ({ ws, on }));
}

const dataDir = mkdtempSync(join(tmpdir(), 'liveprop-bench-wake-'));
const wakeLogs = [];
const logger = pino({ level: 'info' }, { write: (line) => (line.includes('session woke') ? wakeLogs.push(JSON.parse(line)) : undefined) });
const server = await createServer({ host: '127.0.0.1', port: 0, dataDir, logger, hibernateAfterMs: 3_600_000, ...(TRAINING > 0 ? { maxWorkers: TRAINING + 2 } : {}), ...(POOL >= 0 ? { spareWorkers: POOL } : {}) });
const create = async (name) => {
  const res = await fetch(`${server.url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ config: wideXor(), name }),
  });
  if (res.status !== 201) throw new Error(`create answered ${res.status}: ${await res.text()}`);
  const { id, editUrl } = await res.json();
  return editorOf(server.url, id, editUrl.split('#edit=')[1]).then((editor) => ({ id, editor }));
};
const others = [];
try {
  // Spare threads start with the server; once started they wait on their port.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const idleFrom = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const idle = process.cpuUsage(idleFrom);
  const idleCpu = ((idle.user + idle.system) / 1000 / 3000) * 100;
  for (let i = 0; i < TRAINING; i++) {
    const other = await create(`load ${i}`);
    other.editor.ws.send(JSON.stringify({ type: 'control', command: { action: 'play' } }));
    others.push(other);
  }
  const { id, editor } = await create('wake bench');
  const session = server.registry.get(id);
  const step = async () => {
    const t = performance.now();
    editor.ws.send(JSON.stringify({ type: 'control', command: { action: 'step', unit: 'epoch' } }));
    await editor.on((m) => m.type === 'metrics' || m.type === 'error');
    return performance.now() - t;
  };
  await step();
  const awakeSteps = [];
  for (let i = 0; i < 10; i++) awakeSteps.push(await step());
  const wakes = [];
  for (let i = 0; i < WAKES; i++) {
    // The step's command may still hold the session (its metrics arrive before its reply): try again shortly.
    let slept = false;
    for (let tries = 0; !slept && tries < 500; tries++) {
      slept = await server.registry.hibernation.hibernate(session);
      if (!slept) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (!slept) throw new Error(`the session did not hibernate (${session.awake ? 'awake' : 'asleep'}, ${session.status})`);
    await new Promise((resolve) => setTimeout(resolve, ASLEEP_MS));
    wakes.push(await step());
  }
  editor.ws.close();
  for (const o of others) o.editor.ws.close();
  const inWorker = wakeLogs.map((l) => l.wakeMs);
  const layout = session.config.network.layers.map((l) => l.units).join('-');
  const training = server.registry.list().filter((s) => s.status === 'running').length;
  console.log(`server CPU with no session (spare threads idle, 3 s): ${idleCpu.toFixed(2)}% of one core`);
  console.log(`wake of a hibernated 2-${layout} session (${WAKES} wakes${POOL >= 0 ? `, spare workers ${POOL}` : ''}, ${training} other sessions training)`);
  console.log('what                                         | p50 ms  | p99 ms  | max ms');
  const line = (what, v) => console.log(`${what.padEnd(44)} | ${percentile(v, 50).toFixed(1).padStart(7)} | ${percentile(v, 99).toFixed(1).padStart(7)} | ${Math.max(...v).toFixed(1).padStart(7)}`);
  line('step of an awake session → its metrics', awakeSteps);
  line('step of a hibernated one → its metrics', wakes);
  line('  of which: checkpoint load + worker ready', inWorker);
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
