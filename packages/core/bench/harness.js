// Timing loop shared by every bench row: warm up, then a few bounded runs, report the median rate — or, for a step
// measured against references, fine-interleaved chunks and summed times (see measure).
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

/** Target time of one chunk in a paired measurement, ms: fine enough that load changes hit every step alike. */
const PAIRED_CHUNK_MS = Number(process.env.BENCH_PAIRED_CHUNK_MS ?? 3);
/** Measured time of a paired measurement, all steps together, ms. */
const PAIRED_MS = Number(process.env.BENCH_PAIRED_MS ?? 3 * RUNS * RUN_MS);
/** Fewest rounds of a paired measurement, however long a chunk takes (a `long` row's call is ~0.5 s). */
const PAIRED_MIN_ROUNDS = 5;

/**
 * Measures `step(n)`, which performs about `n` units of work (epochs or batches) and returns how many it did (or
 * nothing for exactly `n`), and returns the median units per second over {@link RUNS} runs. The chunk size is calibrated
 * so the clock is read every ~5 ms, not per unit.
 *
 * With `references` (`{ name: step }`) it returns `{ rate, rates: { name: rate } }` from fine interleaving instead:
 * chunks of ~3 ms of `step` and of each reference in turn, round after round, each step's units divided by its summed
 * time. Load that comes and goes then hits all of them alike, so the ratio of two rates is precise to ~1 % (a step
 * against an identical one reads 1.00) where medians of runs of 450 ms each read 0.91–1.04.
 */
export function measure(step, references) {
  if (references) return measurePaired(step, references);
  const chunk = calibrate(step, 5);
  const rates = [];
  for (let run = 0; run < RUNS; run++) rates.push(timedRun(step, chunk));
  return rates.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

function measurePaired(step, references) {
  const names = Object.keys(references);
  const steps = [step, ...names.map((name) => references[name])];
  const chunks = steps.map((fn) => calibrate(fn, PAIRED_CHUNK_MS));
  const units = steps.map(() => 0);
  const times = steps.map(() => 0);
  let total = 0;
  for (let round = 0; round < PAIRED_MIN_ROUNDS || total < PAIRED_MS; round++) {
    for (const [k, fn] of steps.entries()) {
      const start = clock();
      units[k] += fn(chunks[k]) ?? chunks[k];
      const elapsed = clock() - start;
      times[k] += elapsed;
      total += elapsed;
    }
  }
  const [rate, ...others] = steps.map((_, k) => (units[k] * 1000) / times[k]);
  return { rate, rates: Object.fromEntries(names.map((name, k) => [name, others[k]])) };
}

/** Warms `step` up for {@link WARMUP_MS} and returns the chunk (units a call) that takes at least `chunkMs`. */
function calibrate(step, chunkMs) {
  let chunk = 1;
  const start = performance.now();
  while (performance.now() - start < WARMUP_MS) {
    const t0 = performance.now();
    step(chunk);
    if (performance.now() - t0 < chunkMs) chunk *= 2;
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
