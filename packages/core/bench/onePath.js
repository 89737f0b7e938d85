// `node bench/onePath.js <path> [seconds]`: one xor public path (or the floor) alone, for profilers — row.js measures
// the plain loop and the floor in the same process, which mixes their samples into a profile. Paths: step (stepBatch),
// one (runEpochs(1)), epochs (runEpochs of 8192), worker (the session worker's loop, publicApi.js), internal (the
// floor, internalPath.js). Prints epochs per CPU-second.
// Fourth round: perf record -q -D 2500 -e cpu-clock -o /tmp/p.data node --perf-basic-prof bench/onePath.js step 5
// then perf report -i /tmp/p.data --no-children --sort sym (the wasm-function rows' share against the floor's).
import { Trainer } from '../dist/index.js';
import { createInternalStep } from './internalPath.js';
import { createPlainMlp } from './plainMlp.js';
import { createDriver, publicConfig } from './publicApi.js';
import { createTasks } from './tasks.js';

const CHUNK = 8192;
const [path, seconds = '3'] = process.argv.slice(2);
const task = createTasks().find((t) => t.name === 'xor');
const trainer = Trainer.create(publicConfig(task, createPlainMlp(task).weights)).value;
const PATHS = {
  step: (n) => {
    for (let k = 0; k < n; k++) trainer.stepBatch();
  },
  one: (n) => {
    for (let k = 0; k < n; k++) trainer.runEpochs(1);
  },
  epochs: (n) => trainer.runEpochs(n),
  worker: createDriver('worker', trainer, task),
  internal: createInternalStep(trainer),
};
const run = PATHS[path];
if (!run) {
  process.stderr.write(`usage: node bench/onePath.js <${Object.keys(PATHS).join('|')}> [seconds]\n`);
  process.exit(2);
}
const end = performance.now() + 1000 * Number(seconds);
const before = process.cpuUsage();
let epochs = 0;
while (performance.now() < end) {
  run(CHUNK);
  epochs += CHUNK;
}
const { user, system } = process.cpuUsage(before);
process.stdout.write(`${path}: ${((epochs * 1e6) / (user + system)).toExponential(3)} epochs per CPU-second\n`);
