// Rows (e): the Trainer as a user calls it — `Trainer.create(config)` with a `fixed` dataset of the task's rows, the
// plain loop's initial weights given explicitly, `shuffle: false` — driven through each public entry point.
import { EPOCH_LOG_STRIDE, EpochLog, PackedEpochs, Trainer } from '../dist/index.js';
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

/** Ticks the stand-in for the metric history holds before it wraps: 8 MiB, more than the caches, as a long history is. */
const HISTORY_TICKS = 64;

/** The packed rows a tick's epochs are appended to, as the server's metric history keeps them, and where the next goes. */
function historyRows() {
  return { rows: new Float64Array(HISTORY_TICKS * MAX_EPOCHS_PER_TICK * EPOCH_LOG_STRIDE), at: 0 };
}

/**
 * A tick's packed epochs across the thread boundary (moved, not copied), then what the server's main thread does an
 * epoch with them that core can express: read them in place (`fromWire`, apps/server/src/sessions/tickWire.ts) and
 * append them to the metric history, which keeps rows packed as they come (`MetricHistory.append`: one `set`). No
 * record an epoch is built on either side.
 */
function handOver(log, history) {
  const packed = log.take();
  const moved = new PackedEpochs(structuredClone({ kind: 'tick', metrics: packed }, { transfer: [packed.buffer] }).metrics);
  if (history.at + moved.data.length > history.rows.length) history.at = 0;
  history.rows.set(moved.data, history.at);
  history.at += moved.data.length;
}

/**
 * The entry points, each a `step(n)` for the harness that does about `n` units (epochs, or batches for `step`) and
 * returns the epochs done: `epochs` one `runEpochs(n)` call, `long` one `runEpochs` call of {@link LONG_RUN} epochs,
 * `train` one `train` call of as many,
 * `one` n calls of `runEpochs(1)`, `runFor` `runFor(8)` slices, `step` n calls of `stepBatch()`, `worker` the session
 * worker's loop (apps/server/src/sessions/trainingLoop.ts) without its waits or snapshots: `runForInto(8, 2048 −
 * pending, pending)` slices into the tick's {@link EpochLog}, whose packed epochs go to the main thread once a 33 ms
 * tick has passed or 2048 epochs wait — moved, then appended to the history's packed rows there ({@link handOver}), both sides
 * of the thread boundary in this process. Not in the row: the server's per-tick work outside core (the binary metrics
 * frame, once per 100 ms for every viewer, and the store's chunk, both encoded from the packed epochs; measured by
 * apps/server/bench/tickMain.js). The real worker then waits for the next tick, capping a session at 2048 epochs a
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
    const pending = new EpochLog();
    const history = historyRows();
    let tickAt = performance.now();
    return (n) => {
      const before = trainer.epoch;
      while (trainer.epoch - before < n) {
        trainer.runForInto(SLICE_MS, MAX_EPOCHS_PER_TICK - pending.length, pending);
        const now = performance.now();
        if (pending.length >= MAX_EPOCHS_PER_TICK || now - tickAt >= TICK_MS) {
          handOver(pending, history);
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

/** The `step(n)` of public path `driver` (a key of {@link DRIVERS}) on `trainer`, for bench/onePath.js. */
export function createDriver(driver, trainer, task) {
  return DRIVERS[driver](trainer, task);
}

function createTrainer(task, plain) {
  const created = Trainer.create(publicConfig(task, plain.weights));
  if (!created.ok) throw new Error(created.message);
  if (created.value.backend !== 'wasm') throw new Error(`expected the wasm backend, got ${created.value.backend}`);
  return created.value;
}

/**
 * Row (e) with `driver`: the public-API step, with `references` measured in the same process, interleaved with it in
 * ~3 ms chunks (`measure` in harness.js) — the plain loop from the same initial weights, and the fastest internal path
 * ({@link createInternalStep}) of an identical trainer. Driver `internal` is that path itself, so its row shows the floor's rate.
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
