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
 * Measures `step(n)`, which performs `n` units of work (epochs or batches), and returns the median units per second.
 * The chunk size is calibrated so the clock is read every ~5 ms, not per unit.
 */
export function measure(step) {
  let chunk = 1;
  let start = performance.now();
  while (performance.now() - start < WARMUP_MS) {
    const t0 = performance.now();
    step(chunk);
    if (performance.now() - t0 < 5) chunk *= 2;
  }
  const rates = [];
  for (let run = 0; run < RUNS; run++) {
    let units = 0;
    start = clock();
    let elapsed;
    do {
      step(chunk);
      units += chunk;
      elapsed = clock() - start;
    } while (elapsed < RUN_MS);
    rates.push((units * 1000) / elapsed);
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)];
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
