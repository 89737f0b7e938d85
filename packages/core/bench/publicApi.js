// Rows (e): the Trainer as a user calls it — `Trainer.create(config)` with a `fixed` dataset of the task's rows, the
// plain loop's initial weights given explicitly, `shuffle: false` — driven through each public entry point.
import { Trainer } from '../dist/index.js';
import { createInternalStep } from './internalPath.js';
import { createPlainMlp } from './plainMlp.js';

function rows(values, width) {
  return Array.from({ length: values.length / width }, (_, k) => Array.from(values.subarray(k * width, (k + 1) * width)));
}

/** The task as a user writes it: literal data, literal weights (`[{w, b}]`, `w` as `[outputs][inputs]`), no shuffling. */
export function publicConfig(task, weights) {
  const [inputs, ...units] = task.sizes;
  const outputs = units[units.length - 1];
  const layers = units.map((n, l) => ({ units: n, activation: l === units.length - 1 ? task.output : task.hidden, bias: { kind: 'perNeuron' } }));
  return {
    seed: 1,
    dataset: {
      kind: 'fixed', samples: task.samples, noise: 0, testFraction: 0, seed: 1,
      fixed: { inputs: rows(task.x, inputs), targets: rows(task.y, outputs) },
    },
    network: {
      inputs, layers, init: { kind: 'xavier' },
      weights: weights.map(({ w, b }, l) => ({ weights: rows(w, l === 0 ? inputs : units[l - 1]), bias: Array.from(b) })),
    },
    training: {
      loss: task.loss, reduction: 'mean', optimizer: { kind: 'sgd', learningRate: task.learningRate },
      batchSize: task.batch === task.samples ? 0 : task.batch, regularization: { kind: 'none' }, shuffle: false,
    },
  };
}

/** Epochs of one `runEpochs` call in the `long` row: about half a second of training each. */
const LONG_RUN = { xor: 1 << 19, spiral: 256, wide: 4 };
/** The slice the server's session worker and the CLI pass to `runFor`, ms. */
const SLICE_MS = 8;
/** The session worker's tick (its `tickMs`) and the most epochs one tick carries (`MAX_EPOCHS_PER_TICK`). */
const TICK_MS = 33;
const MAX_EPOCHS_PER_TICK = 2048;

/** Packs a tick's records as the worker's `packMetrics` does: 8 numbers a record, null accuracies flagged. */
function packRecords(records) {
  const packed = new Float64Array(8 * records.length);
  for (let k = 0, o = 0; k < records.length; k++, o += 8) {
    const m = records[k];
    packed[o] = m.epoch;
    packed[o + 1] = m.trainLoss;
    packed[o + 2] = m.testLoss;
    packed[o + 3] = m.trainAccuracy ?? 0;
    packed[o + 4] = m.testAccuracy ?? 0;
    packed[o + 5] = m.learningRate;
    packed[o + 6] = m.epochMs;
    packed[o + 7] = (m.trainAccuracy === null ? 1 : 0) | (m.testAccuracy === null ? 2 : 0);
  }
  return packed;
}

/** A tick's records across the thread boundary and back into records on the other side, as the server does. */
function handOver(records) {
  if (process.env.BENCH_WORKER_CLONE === '1') return structuredClone({ kind: 'tick', metrics: records }).metrics;
  const packed = packRecords(records);
  const moved = structuredClone({ kind: 'tick', metrics: packed }, { transfer: [packed.buffer] }).metrics;
  const out = [];
  for (let o = 0; o < moved.length; o += 8) {
    out.push({
      epoch: moved[o], trainLoss: moved[o + 1], testLoss: moved[o + 2], trainAccuracy: moved[o + 7] & 1 ? null : moved[o + 3],
      testAccuracy: moved[o + 7] & 2 ? null : moved[o + 4], learningRate: moved[o + 5], epochMs: moved[o + 6],
    });
  }
  return out;
}

/**
 * The entry points, each a `step(n)` for the harness that does about `n` units (epochs, or batches for `step`) and
 * returns the epochs done: `epochs` one `runEpochs(n)` call, `long` one `runEpochs` call of {@link LONG_RUN} epochs,
 * `train` one `train` call of as many,
 * `one` n calls of `runEpochs(1)`, `runFor` `runFor(8)` slices, `step` n calls of `stepBatch()`, `worker` the session
 * worker's loop (apps/server/src/sessions/trainingLoop.ts) without its waits or snapshots: `runFor(8, 2048 − pending)`
 * slices, every record pushed to the tick's pending list, which goes to the main thread once a 33 ms tick has passed
 * or 2048 records wait: packed into one Float64Array and moved (as the worker's `tickWire.ts` does), or with
 * `BENCH_WORKER_CLONE=1` structured-cloned as an array of records (what `postMessage` did before), both sides of the
 * thread boundary in this process. The real worker then waits for the next tick, capping a session at 2048 epochs a
 * tick by design ([R8]); this row is its CPU cost an epoch.
 */
const DRIVERS = {
  epochs: (trainer) => (n) => trainer.runEpochs(n).length,
  long: (trainer, task) => () => trainer.runEpochs(LONG_RUN[task.name]).length,
  train: (trainer, task) => () => {
    const before = trainer.epoch;
    trainer.train(LONG_RUN[task.name]);
    return trainer.epoch - before;
  },
  one: (trainer) => (n) => {
    for (let k = 0; k < n; k++) trainer.runEpochs(1);
  },
  runFor: (trainer) => (n) => {
    const before = trainer.epoch;
    for (let k = 0; k < n; k++) trainer.runFor(SLICE_MS);
    return trainer.epoch - before;
  },
  worker: (trainer) => {
    let pending = [];
    let tickAt = performance.now();
    return (n) => {
      const before = trainer.epoch;
      while (trainer.epoch - before < n) {
        for (const m of trainer.runFor(SLICE_MS, MAX_EPOCHS_PER_TICK - pending.length)) pending.push(m);
        const now = performance.now();
        if (pending.length >= MAX_EPOCHS_PER_TICK || now - tickAt >= TICK_MS) {
          handOver(pending);
          pending = [];
          tickAt = now;
        }
      }
      return trainer.epoch - before;
    };
  },
  step: (trainer, task) => (n) => {
    for (let k = 0; k < n; k++) trainer.stepBatch();
    return n / Math.ceil(task.samples / task.batch);
  },
};

function createTrainer(task, plain) {
  const created = Trainer.create(publicConfig(task, plain.weights));
  if (!created.ok) throw new Error(created.message);
  if (created.value.backend !== 'wasm') throw new Error(`expected the wasm backend, got ${created.value.backend}`);
  return created.value;
}

/**
 * Row (e) with `driver`: the public-API step, with `references` measured in the same process alternately with it — the
 * plain loop from the same initial weights, and the fastest internal path ({@link createInternalStep}) of an
 * identical trainer. Driver `internal` is that path itself, so its row shows the floor's rate.
 */
export function createPublicRow(task, driver) {
  const plain = createPlainMlp(task);
  const internal = createInternalStep(createTrainer(task, plain));
  const step = driver === 'internal' ? createInternalStep(createTrainer(task, plain)) : DRIVERS[driver](createTrainer(task, plain), task);
  step.references = {
    plain: (n) => {
      for (let k = 0; k < n; k++) plain.epoch();
    },
    internal,
  };
  return step;
}
