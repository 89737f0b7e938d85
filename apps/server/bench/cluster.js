// Cluster fan-out benchmark: one owner node (this process) trains `spiral`; two gateway nodes (`liveprop serve` child
// processes) serve N viewers between them, fed over Redis. Real redis-server and PostgreSQL on free ports in temp dirs.
// Usage: node bench/cluster.js [--seconds S] [--viewers 1000]. Bounded: about S + 40 s, then everything is stopped.
// Prints per node CPU, epochs/s vs bare core, snapshot rate and latency at the viewers, Redis ops/s, and CPU µs per
// delivered frame summed over the three nodes.
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Trainer, getPreset } from '@liveprop/core';
import pg from 'pg';
import { pino } from 'pino';
import { createClient } from 'redis';
import { createServer } from '../dist/index.js';
import { startBenchPostgres } from './postgresServer.js';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const SECONDS = Math.min(30, Number(flag('seconds', '5')));
const VIEWERS = Math.min(2000, Number(flag('viewers', '1000')));
const MAIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise((resolve) => {
    const probe = netServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

/** CPU ms (user + system, all threads) of process `pid` so far. */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function bareCore(seconds) {
  const trainer = new Trainer(getPreset('spiral'));
  trainer.runFor(300);
  const start = performance.now();
  const epoch0 = trainer.epoch;
  while (performance.now() - start < seconds * 1000) trainer.runFor(8);
  return (trainer.epoch - epoch0) / ((performance.now() - start) / 1000);
}

async function startRedis() {
  const dir = mkdtempSync(join(tmpdir(), 'liveprop-bench-redis-'));
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const client = createClient({ url });
  for (let i = 0; ; i++) {
    try {
      await client.connect();
      break;
    } catch (err) {
      if (i > 50) throw err;
      await sleep(100);
    }
  }
  const commands = async () => Number(/total_commands_processed:(\d+)/.exec(await client.info('stats'))[1]);
  return { url, commands, stop: async () => (await client.quit().catch(() => {}), child.kill('SIGKILL'), rmSync(dir, { recursive: true, force: true })) };
}

function startGateway(env) {
  const child = spawn(process.execPath, [MAIN, 'serve'], { env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const match = /serving on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`gateway exited ${code}: ${out}`)));
  });
}

async function run() {
  const postgres = await startBenchPostgres();
  const redis = await startRedis();
  const stops = [() => postgres.stop(), () => redis.stop()];
  try {
    const databaseUrl = await postgres.createDatabase(pg);
    const env = { LIVEPROP_REDIS_URL: redis.url, LIVEPROP_DATABASE_URL: databaseUrl };
    const owner = await createServer({ port: 0, databaseUrl, redisUrl: redis.url, logger: pino({ level: 'silent' }) });
    stops.unshift(() => owner.close());
    const gateways = await Promise.all([startGateway(env), startGateway(env)]);
    for (const g of gateways) stops.unshift(() => g.child.kill('SIGKILL'));
    const res = await fetch(`${owner.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ preset: 'spiral' }) });
    const { id, editUrl } = await res.json();
    await sleep(500); // the owner's lease
    const editToken = editUrl.split('#edit=')[1];
    const swarms = gateways.map((g, i) => fork(new URL('./viewers.js', import.meta.url), [g.url, id, i === 0 ? editToken : '-', String(Math.floor(VIEWERS / 2) + (i < VIEWERS % 2 ? 1 : 0))]));
    for (const s of swarms) stops.unshift(() => s.kill());
    const next = (kind) => Promise.all(swarms.map((s) => new Promise((resolve) => s.on('message', (m) => m.kind === kind && resolve(m)))));
    const limit = new Promise((_, reject) => setTimeout(() => reject(new Error(`no report within ${SECONDS + 40} s`)), (SECONDS + 40) * 1000).unref());
    await Promise.race([next('joined'), limit]);
    const session = owner.registry.get(id);
    const reports = next('report');
    swarms.forEach((s) => s.send('go'));
    await sleep(1000);
    swarms.forEach((s) => s.send('start'));
    const pids = [process.pid, ...gateways.map((g) => g.child.pid)];
    const cpu0 = pids.map(cpuMs);
    const commands0 = await redis.commands();
    const epoch0 = session.epoch;
    const t0 = performance.now();
    await sleep(SECONDS * 1000);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = pids.map((pid, i) => (cpuMs(pid) - cpu0[i]) / 10 / seconds);
    const redisOps = ((await redis.commands()) - commands0) / seconds;
    const epochsPerSecond = (session.epoch - epoch0) / seconds;
    swarms.forEach((s) => s.send('stop'));
    const r = await Promise.race([reports, limit]);
    const latencies = r.flatMap((x) => x.latencies).sort((a, b) => a - b);
    const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
    const frames = r.reduce((t, x) => t + x.snapshots + x.metricsFrames, 0);
    const viewerSeconds = r.reduce((t, x) => t + x.viewers, 0) * r[0].elapsed;
    const snapshots = r.reduce((t, x) => t + x.snapshots, 0);
    return { epochsPerSecond, cpu, redisOps, p50: q(0.5), p99: q(0.99), snapPerViewer: snapshots / viewerSeconds, usPerFrame: (cpu.reduce((a, b) => a + b, 0) * 10_000 * seconds) / frames, dropped: r.reduce((t, x) => t + x.closedEarly, 0) };
  } finally {
    for (const stop of stops) await Promise.resolve().then(stop).catch(() => {});
  }
}

const before = bareCore(2);
const r = await run();
const bare = (before + bareCore(2)) / 2;
const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
console.log(`cluster: 1 owner (this process) + 2 gateways, ${VIEWERS} viewers on the gateways, spiral, ${SECONDS} s; owner in-process so its CPU includes the bench's own bookkeeping`);
console.log('viewers | bare core | epochs/s | vs core | snap/s/viewer | p50 ms | p99 ms | owner CPU % | gateway CPU % (each) | Redis ops/s | node CPU µs/delivered frame | dropped');
console.log(
  [
    String(VIEWERS).padStart(7), fmt(bare).padStart(9), fmt(r.epochsPerSecond).padStart(8), `${fmt((100 * r.epochsPerSecond) / bare, 0)}%`.padStart(7), fmt(r.snapPerViewer).padStart(13),
    fmt(r.p50, 2).padStart(6), fmt(r.p99, 2).padStart(6), fmt(r.cpu[0], 0).padStart(11), `${fmt(r.cpu[1], 0)} / ${fmt(r.cpu[2], 0)}`.padStart(20), fmt(r.redisOps, 0).padStart(11),
    fmt(r.usPerFrame, 1).padStart(27), String(r.dropped).padStart(7),
  ].join(' | '),
);
process.exit(0);
