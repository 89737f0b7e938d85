// Timing loop shared by every bench row: warm up, then a few bounded runs, report the median rate.
// Rates are per CPU-second of this (single-threaded) process by default, so other load on a shared machine
// barely moves them; BENCH_CLOCK=wall measures wall time instead (the same thing on an idle machine).

const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 400);
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 450);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** Which clock the rates use: 'cpu' (default) or 'wall'. */
export const CLOCK = process.env.BENCH_CLOCK === 'wall' ? 'wall' : 'cpu';

function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const clock = CLOCK === 'wall' ? () => performance.now() : cpuMs;

/**
 * Measures `step(n)`, which performs about `n` units of work (epochs or batches) and returns how many it did (or
 * nothing for exactly `n`), and returns the median units per second. The chunk size is calibrated so the clock is read
 * every ~5 ms, not per unit. With `references` (`{ name: step }`), each is measured too, run by run alternately with
 * `step`, so all see the same machine load: `{ rate, rates: { name: rate } }`.
 */
export function measure(step, references) {
  const names = Object.keys(references ?? {});
  const steps = [step, ...names.map((name) => references[name])];
  const chunks = steps.map(calibrate);
  const rates = steps.map(() => []);
  for (let run = 0; run < RUNS; run++) {
    for (const [k, fn] of steps.entries()) rates[k].push(timedRun(fn, chunks[k]));
  }
  const [rate, ...others] = rates.map((r) => r.sort((a, b) => a - b)[Math.floor(r.length / 2)]);
  return references ? { rate, rates: Object.fromEntries(names.map((name, k) => [name, others[k]])) } : rate;
}

function calibrate(step) {
  let chunk = 1;
  const start = performance.now();
  while (performance.now() - start < WARMUP_MS) {
    const t0 = performance.now();
    step(chunk);
    if (performance.now() - t0 < 5) chunk *= 2;
  }
  return chunk;
}

function timedRun(step, chunk) {
  let units = 0;
  const start = clock();
  let elapsed;
  do {
    units += step(chunk) ?? chunk;
    elapsed = clock() - start;
  } while (elapsed < RUN_MS);
  return (units * 1000) / elapsed;
}

/** Deterministic xorshift32 in [0, 1): the bench needs fixed data, not NumPy compatibility. */
export function createRandom(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}
