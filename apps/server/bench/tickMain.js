// The main thread's work an epoch when a session's worker posts a tick (issue 13): the hand-over (the tick's packed
// epochs moved across threads, then `fromWire`), the history append, the binary metrics frame and the store's write
// (a real SQLite file, chunks deflated as by default), each timed alone in CPU time, ns an epoch.
// Usage: node bench/tickMain.js [--ticks 100] [--rounds 7] [--against DIST_DIR]
// --against: another build's dist (with its own @liveprop/* under ../node_modules), run tick by tick alternately with
// this one in the same process, so the machine's load hits both alike. Bounded: rounds × ticks × 2048 epochs a build
// (default 1.6 M); the temp dir is removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EpochLog, Trainer, getPreset } from '@liveprop/core';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const TICKS = Math.min(400, Number(flag('ticks', '100')));
const ROUNDS = Math.min(21, Number(flag('rounds', '7')));
const EPOCHS_PER_TICK = 2048;
const STAGES = ['handOver', 'history', 'frame', 'store'];

function unwrap(result) {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
}

/** The main-thread parts of one build, loaded from its dist. */
async function loadBuild(dist) {
  const load = (path) => import(pathToFileURL(join(dist, path)).href);
  const { fromWire } = await load('sessions/tickWire.js');
  const { MetricHistory } = await load('sessions/metricHistory.js');
  const { openStore } = await load('storage/openStore.js');
  const { encodeMetricsFrame } = await load('../node_modules/@liveprop/protocol/dist/index.js');
  return { dist, fromWire, MetricHistory, openStore, encodeMetricsFrame, rounds: [] };
}

/** Ticks of real xor epochs as the session worker packs them (`runForInto` into an `EpochLog`, then `take()`). */
function trainTicks() {
  const trainer = new Trainer(getPreset('mavicc-xor'));
  const log = new EpochLog();
  return Array.from({ length: TICKS }, () => {
    trainer.runForInto(60_000, EPOCHS_PER_TICK, log);
    return log.take();
  });
}

const cpuUs = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** One tick through one build's main-thread path; adds each stage's CPU µs to `us`. */
async function tick(build, state, packed, k, us) {
  const wire = { kind: 'tick', metrics: packed.slice(), snapshot: null, epoch: 0 };
  const t0 = cpuUs();
  const event = build.fromWire(structuredClone(wire, { transfer: [wire.metrics.buffer] }));
  const t1 = cpuUs();
  state.history.append(event.metrics);
  const t2 = cpuUs();
  build.encodeMetricsFrame('bench1', k + 1, event.metrics);
  const t3 = cpuUs();
  unwrap(await state.store.appendMetrics(state.id, event.metrics));
  const t4 = cpuUs();
  us.handOver += t1 - t0;
  us.history += t2 - t1;
  us.frame += t3 - t2;
  us.store += t4 - t3;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const builds = [await loadBuild(resolve(new URL('../dist', import.meta.url).pathname))];
if (flag('against', null) !== null) builds.push(await loadBuild(resolve(flag('against', null))));
const ticks = trainTicks();
const dir = mkdtempSync(join(tmpdir(), 'liveprop-tickmain-'));
try {
  for (const [b, build] of builds.entries()) build.store = unwrap(build.openStore(join(dir, `build${b}`)));
  for (let r = 0; r <= ROUNDS; r++) {
    const states = [];
    for (const build of builds) {
      const id = `s${r}`;
      unwrap(await build.store.createSession({ id, name: 'bench', config: {}, editTokenHash: 'h', createdAt: Date.now() }));
      states.push({ id, store: build.store, history: new build.MetricHistory(), us: Object.fromEntries(STAGES.map((s) => [s, 0])) });
    }
    for (let k = 0; k < ticks.length; k++) {
      for (let b = 0; b < builds.length; b++) await tick(builds[b], states[b], ticks[k], k, states[b].us);
    }
    // Round 0 warms up.
    if (r > 0) for (let b = 0; b < builds.length; b++) builds[b].rounds.push(states[b].us);
  }
  for (const build of builds) await build.store.close();
  const epochs = TICKS * EPOCHS_PER_TICK;
  console.log(`${TICKS} ticks of ${EPOCHS_PER_TICK} xor epochs a round, median of ${ROUNDS} rounds, CPU ns an epoch`);
  console.log('build | hand-over + fromWire | history append | metrics frame | store append (SQLite, deflated) | total');
  for (const build of builds) {
    const ns = (us) => (us * 1e3) / epochs;
    const cells = STAGES.map((s) => median(build.rounds.map((us) => ns(us[s]))));
    const total = median(build.rounds.map((us) => ns(STAGES.reduce((sum, s) => sum + us[s], 0))));
    console.log([build.dist, ...[...cells, total].map((v) => v.toFixed(1).padStart(8))].join(' | '));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
