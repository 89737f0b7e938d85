// Cluster fan-out benchmark beside the single-node one. Cluster: one owner node (this process) trains `spiral`, two
// gateway nodes (`liveprop serve` child processes) serve N viewers between them, fed over Redis (real redis-server and
// PostgreSQL on free ports in temp dirs). Single: the same N viewers on this process alone, no Redis.
// Usage: node bench/cluster.js [--seconds S] [--viewers 1000] [--modes single,cluster] [--nice K]
// (--nice runs the viewer swarms at nice K: with K = 19 they approximate clients on other machines.)
// Bounded: about S + 40 s a mode, then everything it started is stopped. Prints per node CPU (the owner's event loop
// and its other threads — the training worker — apart), the swarms' and Redis's CPU, epochs/s vs bare core, snapshot
// rate and latency at the viewers, Redis ops/s, node CPU µs per delivered frame and the load average.
import { fork } from 'node:child_process';
import { loadavg, setPriority } from 'node:os';
import { Trainer, getPreset } from '@liveprop/core';
import pg from 'pg';
import { pino } from 'pino';
import { createServer } from '../dist/index.js';
import { cpuMs, sleep, startGateway, startRedis } from './clusterParts.js';
import { startBenchPostgres } from './postgresServer.js';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const SECONDS = Math.min(30, Number(flag('seconds', '5')));
const VIEWERS = Math.min(2000, Number(flag('viewers', '1000')));
const MODES = flag('modes', 'single,cluster').split(',');
const NICE = Math.min(19, Math.max(0, Number(flag('nice', '0'))));

function bareCore(seconds) {
  const trainer = new Trainer(getPreset('spiral'));
  trainer.runFor(300);
  const start = performance.now();
  const epoch0 = trainer.epoch;
  while (performance.now() - start < seconds * 1000) trainer.runFor(8);
  return (trainer.epoch - epoch0) / ((performance.now() - start) / 1000);
}

/** The nodes of one mode: the owner in this process, and where the viewers connect. */
async function startNodes(mode, stops) {
  if (mode === 'single') {
    const owner = await createServer({ port: 0, logger: pino({ level: 'silent' }) });
    stops.unshift(() => owner.close());
    return { owner, entries: [owner.url, owner.url], pids: [process.pid], redis: null };
  }
  const postgres = await startBenchPostgres();
  stops.unshift(() => postgres.stop());
  const redis = await startRedis();
  stops.unshift(() => redis.stop());
  const databaseUrl = await postgres.createDatabase(pg);
  const owner = await createServer({ port: 0, databaseUrl, redisUrl: redis.url, logger: pino({ level: 'silent' }) });
  stops.unshift(() => owner.close());
  const env = { LIVEPROP_REDIS_URL: redis.url, LIVEPROP_DATABASE_URL: databaseUrl };
  const gateways = await Promise.all([startGateway(env), startGateway(env)]);
  for (const g of gateways) stops.unshift(() => g.child.kill('SIGKILL'));
  return { owner, entries: gateways.map((g) => g.url), pids: [process.pid, ...gateways.map((g) => g.child.pid)], redis };
}

async function run(mode) {
  const stops = [];
  try {
    const { owner, entries, pids, redis } = await startNodes(mode, stops);
    const res = await fetch(`${owner.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ preset: 'spiral' }) });
    const { id, editUrl } = await res.json();
    await sleep(500); // the owner's lease, in cluster mode
    const editToken = editUrl.split('#edit=')[1];
    const swarms = entries.map((url, i) => fork(new URL('./viewers.js', import.meta.url), [url, id, i === 0 ? editToken : '-', String(Math.max(1, Math.floor(VIEWERS / 2) + (i < VIEWERS % 2 ? 1 : 0)))]));
    for (const s of swarms) {
      if (NICE > 0) setPriority(s.pid, NICE);
      stops.unshift(() => s.kill());
    }
    const next = (kind) => Promise.all(swarms.map((s) => new Promise((resolve) => s.on('message', (m) => m.kind === kind && resolve(m)))));
    const limit = new Promise((_, reject) => setTimeout(() => reject(new Error(`no report within ${SECONDS + 40} s`)), (SECONDS + 40) * 1000).unref());
    await Promise.race([next('joined'), limit]);
    const session = owner.registry.get(id);
    const reports = next('report');
    swarms.forEach((s) => s.send('go'));
    await sleep(1000);
    swarms.forEach((s) => s.send('start'));
    const measured = [...pids, ...(redis ? [redis.pid] : [])];
    const cpu0 = measured.map(cpuMs);
    const commands0 = redis ? await redis.commands() : 0;
    const epoch0 = session.epoch;
    const load = loadavg()[0];
    const t0 = performance.now();
    await sleep(SECONDS * 1000);
    const seconds = (performance.now() - t0) / 1000;
    const pct = (i, part) => (cpuMs(measured[i])[part] - cpu0[i][part]) / 10 / seconds;
    const ownerAll = pct(0, 'all');
    const ownerMain = pct(0, 'main');
    const gateways = pids.slice(1).map((_, i) => pct(i + 1, 'all'));
    const redisCpu = redis ? pct(measured.length - 1, 'all') : NaN;
    const redisOps = redis ? ((await redis.commands()) - commands0) / seconds : NaN;
    const epochsPerSecond = (session.epoch - epoch0) / seconds;
    swarms.forEach((s) => s.send('stop'));
    const r = await Promise.race([reports, limit]);
    const latencies = r.flatMap((x) => x.latencies).sort((a, b) => a - b);
    const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
    const frames = r.reduce((t, x) => t + x.snapshots + x.metricsFrames, 0);
    const viewerSeconds = r.reduce((t, x) => t + x.viewers, 0) * r[0].elapsed;
    const nodesCpu = ownerAll + gateways.reduce((a, b) => a + b, 0);
    return {
      mode, epochsPerSecond, ownerMain, ownerTrain: ownerAll - ownerMain, gateways, redisCpu, redisOps, load,
      swarms: r.reduce((t, x) => t + x.cpuPercent, 0), p50: q(0.5), p99: q(0.99),
      snapPerViewer: r.reduce((t, x) => t + x.snapshots, 0) / viewerSeconds,
      usPerFrame: (nodesCpu * 10_000 * seconds) / frames, dropped: r.reduce((t, x) => t + x.closedEarly, 0),
    };
  } finally {
    for (const stop of stops) await Promise.resolve().then(stop).catch(() => {});
  }
}

const before = bareCore(2);
const rows = [];
for (const mode of MODES) rows.push(await run(mode));
const bare = (before + bareCore(2)) / 2;
const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
console.log(`${VIEWERS} viewers, spiral at full speed, ${SECONDS} s a mode, swarms at nice ${NICE}; bare core ${fmt(bare)} epochs/s; cluster: owner (this process) + 2 gateways, viewers on the gateways`);
console.log('mode    | epochs/s | vs core | snap/s/viewer | p50 ms | p99 ms | owner CPU % loop + train | gateways CPU % | swarms CPU % | Redis CPU % | Redis ops/s | node CPU µs/frame | dropped | load');
for (const r of rows) {
  console.log(
    [
      r.mode.padEnd(7), fmt(r.epochsPerSecond).padStart(8), `${fmt((100 * r.epochsPerSecond) / bare, 0)}%`.padStart(7), fmt(r.snapPerViewer).padStart(13),
      fmt(r.p50, 0).padStart(6), fmt(r.p99, 0).padStart(6), `${fmt(r.ownerMain, 0)} + ${fmt(r.ownerTrain, 0)}`.padStart(24),
      (r.gateways.length ? r.gateways.map((g) => fmt(g, 0)).join(' / ') : '-').padStart(14), fmt(r.swarms, 0).padStart(12), fmt(r.redisCpu, 0).padStart(11),
      fmt(r.redisOps, 0).padStart(11), fmt(r.usPerFrame, 1).padStart(17), String(r.dropped).padStart(7), fmt(r.load, 1).padStart(4),
    ].join(' | '),
  );
}
process.exit(0);
