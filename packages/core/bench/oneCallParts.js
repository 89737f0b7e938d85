// `node bench/oneCallParts.js [runs]`: where an xor `stepBatch()` call's time goes beyond the floor (row f). Each part
// runs in its own process, paired with the floor as the bench rows are (harness.js `measure`), `runs` times (3):
//   call       the plan's bound kernel, one epoch a wasm call, nothing else
//   record     + a fresh record an epoch stored as `lastMetrics`, as the public path builds it
//   constant   the whole `stepBatch()` with one constant record returned every call (the bookkeeping without the record)
//   step       `stepBatch()` as shipped
//   one        `runEpochs(1)` as shipped
// Prints each part's paired ratio to the floor (range over the runs) and the ns an epoch it costs over the floor.
// `constant` swaps TrainingState.prototype.finishUntestedEpoch in its own process: a measurement, not an option.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Trainer } from '../dist/index.js';
import { epochRecord } from '../dist/training/epochRecord.js';
import { TrainingState } from '../dist/training/state.js';
import { measure } from './harness.js';
import { createInternalStep } from './internalPath.js';
import { createPlainMlp } from './plainMlp.js';
import { publicConfig } from './publicApi.js';
import { createTasks } from './tasks.js';

const PARTS = ['call', 'record', 'constant', 'step', 'one'];

function measurePart(part) {
  const task = createTasks().find((t) => t.name === 'xor');
  const weights = createPlainMlp(task).weights;
  const make = () => Trainer.create(publicConfig(task, weights)).value;
  const floor = createInternalStep(make());
  if (part === 'constant') {
    const constant = epochRecord(0, 0.5, Number.NaN, 1, null, 3, 0.001);
    TrainingState.prototype.finishUntestedEpoch = function (trainLoss, _accuracy, _rate, _ms, end) {
      this.epoch++;
      this.lastMetrics = constant;
      this.judgeEpoch(trainLoss, constant, end);
      return constant;
    };
  }
  const trainer = make();
  trainer.stepBatch(); // decides the fused plan
  const state = trainer.state;
  const kernel = trainer.runs.plan.kernel;
  const rows = state.dataset.train.count;
  const rate = state.config.training.optimizer.learningRate;
  const steps = {
    call: (n) => {
      for (let k = 0; k < n; k++) kernel.runOne();
    },
    record: (n) => {
      for (let k = 0; k < n; k++) {
        kernel.runOne();
        state.lastMetrics = epochRecord(k, kernel.results[0] / rows, Number.NaN, kernel.results[1] / rows, null, rate, 0.001);
      }
    },
    constant: (n) => {
      for (let k = 0; k < n; k++) trainer.stepBatch();
    },
    step: (n) => {
      for (let k = 0; k < n; k++) trainer.stepBatch();
    },
    one: (n) => {
      for (let k = 0; k < n; k++) trainer.runEpochs(1);
    },
  };
  const { rate: partRate, rates } = measure(steps[part], { internal: floor });
  return { ratio: partRate / rates.internal, floorNs: 1e9 / rates.internal };
}

const [part] = process.argv.slice(2);
if (PARTS.includes(part)) {
  process.stdout.write(`${JSON.stringify(measurePart(part))}\n`);
} else {
  const script = fileURLToPath(import.meta.url);
  const load = loadavg()[0].toFixed(1);
  const results = Object.fromEntries(PARTS.map((p) => [p, []]));
  const runs = Number(part ?? 3);
  for (let run = 0; run < runs; run++) {
    for (const p of PARTS) results[p].push(JSON.parse(execFileSync(process.execPath, [script, p], { encoding: 'utf8' })));
  }
  process.stdout.write('part      vs floor     ns an epoch over the floor\n');
  for (const p of PARTS) {
    const ratios = results[p].map((r) => r.ratio).sort((a, b) => a - b);
    const ns = results[p].map((r) => r.floorNs * (1 / r.ratio - 1)).sort((a, b) => a - b);
    process.stdout.write(`${p.padEnd(9)} ${ratios[0].toFixed(3)}–${ratios.at(-1).toFixed(3)}  ${ns[0].toFixed(0)}–${ns.at(-1).toFixed(0)}\n`);
  }
  const floorNs = Object.values(results).flat().map((r) => r.floorNs).sort((a, b) => a - b);
  process.stdout.write(`floor ${floorNs[0].toFixed(0)}–${floorNs.at(-1).toFixed(0)} ns an epoch; load ${load} at start, ${loadavg()[0].toFixed(1)} at end\n`);
}
