// `pnpm bench`: samples/s (xor: epochs/s) and GFLOP/s per task for the plain loop, the Trainer, the public API's entry
// points and the bare kernels, with each rate's ratio to the plain loop (in the same process for the public-API rows).
// Each row runs in its own node process. Env: BENCH_TASKS=spiral,wide and BENCH_ROWS=plain,trainer pick rows;
// BENCH_RUN_MS, BENCH_RUNS, BENCH_WARMUP_MS tune the timing (see harness.js).
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CLOCK } from './harness.js';
import { ROWS } from './rows.js';
import { createTasks, flopsPerSample } from './tasks.js';

const TARGETS = { spiral: 1e6, xor: 1.5e6, wide: 1.5e4 };
const rowScript = fileURLToPath(new URL('./row.js', import.meta.url));
const pick = (name) => process.env[name]?.split(',');
const onlyTasks = pick('BENCH_TASKS');
const onlyRows = pick('BENCH_ROWS');

const header = ['task', 'row', 'rate', 'unit', 'GFLOP/s', 'vs plain', 'vs internal (paired)', 'vs target'];
const table = [header];
const load = loadavg()[0].toFixed(1);
for (const task of createTasks()) {
  if (onlyTasks && !onlyTasks.includes(task.name)) continue;
  const unit = task.unit === 'epoch' ? 'epochs/s' : 'samples/s';
  const flopsPerEpoch = flopsPerSample(task.sizes) * task.samples;
  let plainRate = NaN;
  for (const [id, label] of ROWS) {
    if (onlyRows && !onlyRows.includes(id)) continue;
    const out = JSON.parse(execFileSync(process.execPath, [rowScript, task.name, id], { encoding: 'utf8' }));
    process.stderr.write('.');
    if (out.error) {
      table.push([task.name, label, 'n/a', '', '', '', '', out.error.slice(0, 60)]);
      continue;
    }
    const rate = task.unit === 'epoch' ? out.epochsPerSecond : out.epochsPerSecond * task.samples;
    const gflops = (out.epochsPerSecond * flopsPerEpoch) / 1e9;
    if (id === 'plain') plainRate = out.epochsPerSecond;
    // Paired rows measured the plain loop in their own process, alternating with themselves.
    const vsPlain = out.epochsPerSecond / (out.plainPerSecond ?? plainRate);
    const vsPlainCell = Number.isNaN(vsPlain) ? '' : `${vsPlain.toFixed(2)}×${out.plainPerSecond === undefined ? '' : ' (paired)'}`;
    const vsInternalCell = out.internalPerSecond === undefined ? '' : `${(out.epochsPerSecond / out.internalPerSecond).toFixed(2)}×`;
    table.push([task.name, label, rate.toExponential(2), unit, gflops.toFixed(2), vsPlainCell, vsInternalCell, `${(rate / TARGETS[task.name]).toFixed(2)}×`]);
  }
}
process.stderr.write('\n');

const widths = header.map((_, c) => Math.max(...table.map((row) => row[c].length)));
for (const [r, row] of table.entries()) {
  process.stdout.write(`${row.map((cell, c) => (c === 2 || c === 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ')}\n`);
  if (r === 0) process.stdout.write(`${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
}
process.stdout.write(
  `node ${process.version}, ${cpus()[0]?.model ?? 'cpu'}, load ${load} at start, ${loadavg()[0].toFixed(1)} at end. ` +
    '"(paired)" and "vs internal" (to the fastest internal path, row f, of the same trainer): the row and its references run in ' +
    'the same process in turn, ~3 ms chunks round after round, each rate its units over its summed time; row (f)\'s ' +
    '"vs internal" is the floor against an identical trainer, the noise check (1.00). ' +
    `Targets: spiral ${TARGETS.spiral} samples/s, xor ${TARGETS.xor} epochs/s, wide ${TARGETS.wide} samples/s. ` +
    `GFLOP/s = 2·3·Σ in·out per sample. Rates per ${CLOCK === 'cpu' ? 'CPU-second of the bench process (BENCH_CLOCK=wall for wall time)' : 'wall-clock second'}.\n`,
);
