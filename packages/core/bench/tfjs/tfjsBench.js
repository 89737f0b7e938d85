// `node tfjsBench.js` (or `pnpm bench` here): the core Trainer against TensorFlow.js 4.22 on the bench tasks — the same
// data, the same initial weights (the plain loop's), the same batches in stored order, plain SGD. One process per task
// and backend; each measures tfjs and core's public `runEpochs(n)` (~5 ms a call) alternately, so the ratio is paired.
// Env: BENCH_TASKS=wide,xor,spiral, TFJS_BACKENDS=wasm,cpu, plus the harness's BENCH_RUN_MS, BENCH_RUNS, BENCH_CLOCK.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CLOCK, measure } from '../harness.js';
import { createPlainMlp } from '../plainMlp.js';
import { createPublicRow, publicConfig } from '../publicApi.js';
import { Trainer } from '../../dist/index.js';
import { createTasks } from '../tasks.js';

/**
 * Loads tfjs with `backend` ('wasm' or 'cpu'); throws with the reason when it cannot. tfjs-core's Node bundle registers
 * no gradients (its `register_all_gradients` ships only as extensionless ESM, which Node cannot load), so the
 * `@tensorflow/tfjs` bundle is imported for them; it shares tfjs-core with the backends.
 */
async function loadTf(backend) {
  const tf = await import('@tensorflow/tfjs');
  await import(backend === 'wasm' ? '@tensorflow/tfjs-backend-wasm' : '@tensorflow/tfjs-backend-cpu');
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} did not initialize`);
  await tf.ready();
  return tf;
}

const ACTIVATIONS = { sigmoid: 'sigmoid', tanh: 'tanh', relu: 'relu' };

/**
 * The task's MLP in tfjs-core ops: `W` as `[inputs][outputs]` (the plain loop's `[outputs][inputs]` transposed), biases
 * per neuron, and one SGD step a batch of `optimizer.minimize` on core's loss: mean over the batch of ½Σ(a − y)² or of
 * softmax cross-entropy. Batches are uploaded once. `epoch()` runs them all in order.
 */
function createTfMlp(tf, task, weights) {
  const { sizes, batch, samples } = task;
  const vars = weights.map(({ w, b }, l) => {
    const [nIn, nOut] = [sizes[l], sizes[l + 1]];
    const wT = new Float32Array(nIn * nOut);
    for (let o = 0; o < nOut; o++) for (let i = 0; i < nIn; i++) wT[i * nOut + o] = w[o * nIn + i];
    return { w: tf.variable(tf.tensor2d(wT, [nIn, nOut])), b: tf.variable(tf.tensor1d(Float32Array.from(b))) };
  });
  const [inputs, outputs] = [sizes[0], sizes[sizes.length - 1]];
  const batches = [];
  for (let start = 0; start < samples; start += batch) {
    const rows = Math.min(batch, samples - start);
    batches.push({
      x: tf.tensor2d(Float32Array.from(task.x.subarray(start * inputs, (start + rows) * inputs)), [rows, inputs]),
      y: tf.tensor2d(Float32Array.from(task.y.subarray(start * outputs, (start + rows) * outputs)), [rows, outputs]),
      rows,
    });
  }
  const optimizer = tf.train.sgd(task.learningRate);
  const L = vars.length;
  const loss = ({ x, y, rows }) => {
    let a = x;
    for (let l = 0; l < L; l++) {
      const z = tf.add(tf.matMul(a, vars[l].w), vars[l].b);
      if (l < L - 1) a = tf[ACTIVATIONS[task.hidden]](z);
      else if (task.output === 'softmax') return tf.losses.softmaxCrossEntropy(y, z);
      else a = tf[ACTIVATIONS[task.output]](z);
    }
    return tf.mul(tf.sum(tf.square(tf.sub(a, y))), 0.5 / rows);
  };
  return {
    epoch() {
      for (const b of batches) optimizer.minimize(() => loss(b));
    },
    tensors: () => tf.memory().numTensors,
    /** Each layer's weights as `[outputs][inputs]`, row-major. */
    weights: () =>
      vars.map(({ w }) => {
        const [nIn, nOut] = w.shape;
        const wT = w.dataSync();
        return Float64Array.from({ length: nIn * nOut }, (_, k) => wT[(k % nIn) * nOut + Math.floor(k / nIn)]);
      }),
  };
}

async function runRow(taskName, backend) {
  const task = createTasks().find((t) => t.name === taskName);
  let tf;
  try {
    tf = await loadTf(backend);
  } catch (error) {
    return { error: `tfjs ${backend} unavailable: ${String(error?.message ?? error).split('\n')[0]}` };
  }
  const plain = createPlainMlp(task);
  const drift = weightDrift(tf, task, plain.weights);
  const model = createTfMlp(tf, task, plain.weights);
  const core = createPublicRow(task, 'epochs');
  const before = model.tensors();
  const { rate, rates } = measure((n) => {
    for (let k = 0; k < n; k++) model.epoch();
  }, { core });
  if (model.tensors() !== before) return { error: `tfjs leaked ${model.tensors() - before} tensors` };
  const flags = backend === 'wasm' ? ` simd=${await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')} threads=${await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')}` : '';
  return { tfEpochsPerSecond: rate, coreEpochsPerSecond: rates.core, drift, backend: `${tf.getBackend()}${flags}` };
}

/**
 * Both sides train the same network: after one epoch from the same weights, the largest difference of a weight between
 * tfjs (float32) and core (float64), relative to the largest weight.
 */
function weightDrift(tf, task, weights) {
  const model = createTfMlp(tf, task, weights);
  const created = Trainer.create(publicConfig(task, weights));
  if (!created.ok) throw new Error(created.message);
  model.epoch();
  created.value.runEpochs(1);
  const core = created.value.snapshot({ grid: 0 }).layers.map((layer) => layer.weights);
  let diff = 0;
  let scale = 0;
  model.weights().forEach((w, l) => {
    for (let k = 0; k < w.length; k++) {
      diff = Math.max(diff, Math.abs(w[k] - core[l][k]));
      scale = Math.max(scale, Math.abs(core[l][k]));
    }
  });
  return diff / scale;
}

/** One row in its own process; stderr is dropped (tfjs prints a banner there), a failure comes back as `{ error }`. */
function runChild(self, taskName, backend) {
  try {
    return JSON.parse(execFileSync(process.execPath, [self, taskName, backend], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch (error) {
    return { error: `row failed: ${String(error?.message ?? error).split('\n')[0]}` };
  }
}

async function runAll() {
  const pick = (name, fallback) => (process.env[name] ?? fallback).split(',');
  const tasks = pick('BENCH_TASKS', 'wide,spiral,xor');
  const backends = pick('TFJS_BACKENDS', 'wasm,cpu');
  const self = fileURLToPath(import.meta.url);
  const load = loadavg()[0].toFixed(1);
  const lines = ['task    tfjs backend                  tfjs rate   core runEpochs(n)  core / tfjs (paired)  unit       weights after 1 epoch'];
  for (const taskName of tasks) {
    const task = createTasks().find((t) => t.name === taskName);
    const perEpoch = task.unit === 'epoch' ? 1 : task.samples;
    const unit = task.unit === 'epoch' ? 'epochs/s' : 'samples/s';
    for (const backend of backends) {
      const out = runChild(self, taskName, backend);
      process.stderr.write('.');
      if (out.error) {
        lines.push(`${taskName.padEnd(7)} ${backend.padEnd(29)} ${out.error}`);
        continue;
      }
      const ratio = out.coreEpochsPerSecond / out.tfEpochsPerSecond;
      lines.push(
        `${taskName.padEnd(7)} ${out.backend.padEnd(29)} ${(out.tfEpochsPerSecond * perEpoch).toExponential(2).padStart(9)}   ` +
          `${(out.coreEpochsPerSecond * perEpoch).toExponential(2).padStart(16)}  ${`${ratio.toFixed(2)}×`.padStart(20)}  ${unit.padEnd(9)}  ` +
          `differ by ${out.drift.toExponential(1)} of the largest`,
      );
    }
  }
  process.stderr.write('\n');
  process.stdout.write(`${lines.join('\n')}\n`);
  process.stdout.write(
    `node ${process.version}, load ${load} at start, ${loadavg()[0].toFixed(1)} at end. tfjs float32, core float64. ` +
      `Rates per ${CLOCK === 'cpu' ? 'CPU-second of the process (all its threads)' : 'wall-clock second'}.\n`,
  );
}

const [taskArg, backendArg] = process.argv.slice(2);
if (taskArg === undefined) await runAll();
else process.stdout.write(`${JSON.stringify(await runRow(taskArg, backendArg))}\n`);
