// Measures one bench row in a fresh process (so rows don't share JIT feedback) and prints JSON:
// `{epochsPerSecond}`, plus `plainPerSecond` and `internalPerSecond` for public-API rows (measured alongside), or `{error}`.
import { measure } from './harness.js';
import { ROWS } from './rows.js';
import { createTasks } from './tasks.js';

const [taskName, rowId] = process.argv.slice(2);
const task = createTasks().find((t) => t.name === taskName);
const row = ROWS.find(([id]) => id === rowId);
if (!task || !row) {
  process.stderr.write(`usage: node bench/row.js <spiral|xor|wide> <${ROWS.map(([id]) => id).join('|')}>\n`);
  process.exit(2);
}
try {
  const epoch = row[2](task);
  if (epoch.references) {
    // Public-API rows: the step itself, measured run by run alternately with the plain loop and the internal path.
    const { rate, rates } = measure(epoch, epoch.references);
    process.stdout.write(`${JSON.stringify({ epochsPerSecond: rate, plainPerSecond: rates.plain, internalPerSecond: rates.internal })}\n`);
  } else {
    // Rows whose epoch function has `many(n)` run n epochs in one call (BENCH_ONE_CALL_AN_EPOCH=1 forces one call each).
    const many = process.env.BENCH_ONE_CALL_AN_EPOCH === '1' ? undefined : epoch.many;
    const epochsPerSecond = measure(many ?? ((n) => {
      for (let k = 0; k < n; k++) epoch();
    }));
    process.stdout.write(`${JSON.stringify({ epochsPerSecond })}\n`);
  }
} catch (error) {
  process.stdout.write(`${JSON.stringify({ error: String(error?.message ?? error) })}\n`);
}
