// Fan-out benchmark: one session training `spiral` (or --preset NAME) with N viewers (real ws clients in a child process).
// Usage: node bench/run.js [--seconds S] [--viewers 1,100,1000] [--procs P] [--nice K] [--server DIST_DIR] [--preset NAME]
// Viewers are split over P processes (default 2), at nice value K (default 0; a higher K approximates viewers on other
// machines: the server's threads get the CPU first); --server runs another build (A/B). Bounded: about (S + 4) s per N.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Trainer, getPreset } from '@liveprop/core';
import { pino } from 'pino';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const SECONDS = Math.min(30, Number(flag('seconds', '5')));
const COUNTS = flag('viewers', '1,100,1000').split(',').map(Number);
const PROCS = Math.max(1, Number(flag('procs', '2')));
const NICE = Math.min(19, Math.max(0, Number(flag('nice', '0'))));
const PRESET = flag('preset', 'spiral');
const serverDist = flag('server', null);
const { createServer } = await import(
  serverDist === null ? '../dist/index.js' : pathToFileURL(resolve(serverDist, 'index.js')).href
);

/** CPU ms of this process's main thread (the server's event loop, which fans frames out), from Linux's per-thread stats. */
function mainThreadCpuMs() {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime (fields 14 and 15 of stat, counted after the command name) in clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Epochs/s of a bare Trainer driven in the same 8 ms slices the session worker uses, without snapshots. */
function bareCore(seconds) {
  const trainer = new Trainer(getPreset(PRESET));
  trainer.runFor(300);
  const start = performance.now();
  const epoch0 = trainer.epoch;
  while (performance.now() - start < seconds * 1000) trainer.runFor(8);
  return (trainer.epoch - epoch0) / ((performance.now() - start) / 1000);
}

async function fanOut(viewers) {
  const server = await createServer({ port: 0, logger: pino({ level: 'silent' }) });
  const res = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ preset: PRESET }) });
  const created = await res.json();
  if (res.status !== 201) throw new Error(`POST /api/sessions answered ${res.status}: ${JSON.stringify(created)}`);
  const { id, editUrl } = created;
  const editToken = editUrl.split('#edit=')[1];
  const procs = Math.min(PROCS, viewers);
  const children = Array.from({ length: procs }, (_, i) => {
    const share = Math.floor(viewers / procs) + (i < viewers % procs ? 1 : 0);
    const child = fork(new URL('./viewers.js', import.meta.url), [server.url, id, i === 0 ? editToken : '-', String(share)]);
    if (NICE > 0) setPriority(child.pid, NICE);
    return child;
  });
  const exited = Promise.race(
    // A swarm process exits 0 once it has reported; only a failure may cut the run short.
    children.map((c) => new Promise((_, reject) => c.once('exit', (code) => code !== 0 && reject(new Error(`viewer process exited with ${code}`))))),
  );
  const next = (kind) =>
    Promise.race([exited, Promise.all(children.map((c) => new Promise((resolve) => c.on('message', (m) => m.kind === kind && resolve(m)))))]);
  // Bounded: a swarm that cannot report in time (starved by the frames it receives) fails this row, not the bench.
  const limitSeconds = SECONDS + 30;
  let guard;
  const overdue = new Promise((_, reject) => {
    guard = setTimeout(() => reject(new Error(`no report within ${limitSeconds} s`)), limitSeconds * 1000);
  });
  try {
    return await measure(viewers, server, id, children, next, overdue);
  } finally {
    clearTimeout(guard);
    children.forEach((c) => c.kill());
    await server.close();
  }
}

async function measure(viewers, server, id, children, next, overdue) {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const tell = (command) => children.forEach((c) => c.send(command));
  await Promise.race([next('joined'), overdue]);
  const session = server.registry.get(id);
  const reports = next('report');
  tell('go');
  await sleep(500);
  tell('start');
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpuMs();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  const epoch0 = session.epoch;
  let rssMax = process.memoryUsage().rss;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 100);
  await sleep(SECONDS * 1000);
  const cpu = process.cpuUsage(cpu0);
  const mainCpuMs = mainThreadCpuMs() - main0;
  const mainBusy = performance.eventLoopUtilization(elu0).utilization;
  const seconds = (performance.now() - t0) / 1000;
  const epochsPerSecond = (session.epoch - epoch0) / seconds;
  clearInterval(sampler);
  tell('stop');
  const result = merge(await Promise.race([reports, overdue]));
  return {
    viewers, seconds, mainBusy, epochsPerSecond, cpuPercent: ((cpu.user + cpu.system) / 1e4) / seconds, rssMiB: rssMax / 2 ** 20, ...result,
    // The swarm counts frames between its own start and stop, within a few ms of this window.
    mainUsPerFrame: (1000 * mainCpuMs) / (result.snapshots + result.metricsFrames),
    mainUsPerViewerSecond: (1000 * mainCpuMs) / seconds / viewers,
  };
}

/** Pools the swarm processes' reports: latency quantiles over every snapshot received, CPU summed. */
function merge(reports) {
  const sum = (key) => reports.reduce((total, r) => total + r[key], 0);
  const latencies = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const q = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : NaN);
  const snapshots = sum('snapshots');
  const metricsFrames = sum('metricsFrames');
  const viewerSeconds = sum('viewers') * reports[0].elapsed;
  const countedFrames = sum('countedFrames');
  return {
    p50: q(0.5),
    p99: q(0.99),
    max: latencies.at(-1) ?? NaN,
    snapshots,
    metricsFrames,
    snapshotsPerViewerPerSecond: snapshots / viewerSeconds,
    pingsPerViewerPerSecond: sum('pings') / viewerSeconds,
    bytesPerSnapshot: snapshots ? sum('snapshotBytes') / snapshots : NaN,
    bytesPerMetricsFrame: metricsFrames ? sum('metricsBytes') / metricsFrames : NaN,
    epochsPerMetricsFrame: countedFrames ? sum('metricsEpochs') / countedFrames : NaN,
    closedEarly: sum('closedEarly'),
    viewerCpuPercent: sum('cpuPercent'),
  };
}

const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
console.log(`preset ${PRESET}, ${SECONDS} s per run, viewers in ${PROCS} processes at nice ${NICE}; bare core measured before and after each run (mean)`);
console.log(
  'viewers | bare core | epochs/s | vs core | snap/s/viewer | ping/s/viewer | p50 ms | p99 ms | max ms | B/snapshot | B/metrics frame (epochs) | ' +
    'server CPU % | main thread µs/frame | main µs/viewer·s | main loop busy % | server RSS MiB | viewers CPU % | dropped',
);
for (const n of COUNTS) {
  // Measured on both sides of each run: on a shared machine the core's speed drifts with everyone else's load.
  const before = bareCore(Math.min(SECONDS, 2));
  let r;
  try {
    r = await fanOut(n);
  } catch (err) {
    console.log(`${String(n).padStart(7)} | ${fmt(before).padStart(9)} | failed: ${err.message}`);
    continue;
  }
  const bare = (before + bareCore(Math.min(SECONDS, 2))) / 2;
  console.log(
    [
      String(r.viewers).padStart(7), fmt(bare).padStart(9), fmt(r.epochsPerSecond).padStart(8), `${fmt((100 * r.epochsPerSecond) / bare, 0)}%`.padStart(7),
      fmt(r.snapshotsPerViewerPerSecond).padStart(13), fmt(r.pingsPerViewerPerSecond).padStart(13), fmt(r.p50, 2).padStart(6), fmt(r.p99, 2).padStart(6), fmt(r.max, 0).padStart(6),
      fmt(r.bytesPerSnapshot, 0).padStart(10), `${fmt(r.bytesPerMetricsFrame, 0)} (${fmt(r.epochsPerMetricsFrame)})`.padStart(24),
      fmt(r.cpuPercent, 0).padStart(12), fmt(r.mainUsPerFrame, 1).padStart(20), fmt(r.mainUsPerViewerSecond, 0).padStart(16), fmt(100 * r.mainBusy, 0).padStart(16), fmt(r.rssMiB, 0).padStart(14), fmt(r.viewerCpuPercent, 0).padStart(13),
      String(r.closedEarly).padStart(7),
    ].join(' | '),
  );
}
