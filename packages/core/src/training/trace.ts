import { outputDelta } from '../losses/outputDelta.js';
import { addRegularizationGradient, regularizationPenalty } from '../network/regularization.js';
import { optimizerStep } from '../optimizers/step.js';
import type { Workspace } from '../network/workspace.js';
import { fail } from '../contract/check.js';
import type { TrainingState } from './state.js';
import type { LayerTrace, StepTrace, TraceOptions } from './traceTypes.js';

/** The top-left `window`×`window` of a row-major `[count][width]` buffer, as nested arrays. */
function rows(buf: Float64Array, count: number, width: number, window: number): number[][] {
  const out: number[][] = [];
  const cols = Math.min(width, window);
  for (let r = 0; r < Math.min(count, window); r++) out.push(Array.from(buf.subarray(r * width, r * width + cols)));
  return out;
}

/** The first `window` entries. */
function head(values: ArrayLike<number>, window: number): number[] {
  return Array.from({ length: Math.min(values.length, window) }, (_, i) => values[i]!);
}

/**
 * Computes one optimizer step on `sample` (a training-row index) or on the next batch, exposing every
 * intermediate, and leaves the trainer exactly as it was (gradients and optimizer slots included).
 */
export function traceStep(state: TrainingState, sample: number | 'batch', options: TraceOptions = {}): StepTrace {
  const net = state.network;
  const train = state.dataset.train;
  const samples: number[] = [];
  if (sample === 'batch') {
    const batch = Math.min(state.batchCapacity, train.count - state.cursor);
    for (let r = 0; r < batch; r++) samples.push(state.order[state.cursor + r]!);
  } else {
    if (!Number.isInteger(sample) || sample < 0 || sample >= train.count) {
      fail('sample', `expected a training row in 0..${train.count - 1}, got ${sample}`);
    }
    samples.push(sample);
  }
  // The network's own allocator, so the trace runs the very kernels (and rounding) a step would; released after.
  const ws = net.createWorkspace(samples.length);
  try {
    return traceInto(state, samples, ws, options.window ?? Number.POSITIVE_INFINITY);
  } finally {
    net.releaseWorkspace(ws);
  }
}

function traceInto(state: TrainingState, samples: number[], ws: Workspace, window: number): StepTrace {
  const net = state.network;
  const train = state.dataset.train;
  const batch = samples.length;
  const inDim = net.inputs;
  const outDim = net.outputs;
  samples.forEach((row, r) => {
    ws.x.set(train.x.subarray(row * inDim, (row + 1) * inDim), r * inDim);
    ws.y.set(train.y.subarray(row * outDim, (row + 1) * outDim), r * outDim);
  });
  const training = state.config.training;
  const a = net.forward(ws, batch);
  const lossPerSample = samples.map((_, r) => state.loss.sample(a, ws.y, r * outDim, outDim));
  const dataLoss = lossPerSample.reduce((s, v) => s + v, 0);
  const scale = training.reduction === 'mean' ? 1 / batch : 1;
  const last = net.layers.length - 1;
  outputDelta(state.loss, net.layers[last]!.activation, ws.z[last]!, a, ws.y, ws.d[last]!, batch, outDim, scale);

  const savedGrads = net.layers.map((layer) => ({ dw: layer.dw.slice(), db: layer.db.slice() }));
  net.backward(ws, batch);
  addRegularizationGradient(net.layers, training.regularization);

  const layers: LayerTrace[] = net.layers.map((layer, l) => {
    const copy = {
      w: layer.w.slice(),
      b: layer.b.slice(),
      dw: layer.dw,
      db: layer.db,
      wM: layer.wM.slice(),
      wV: layer.wV.slice(),
      bM: layer.bM.slice(),
      bV: layer.bV.slice(),
      biasTrainable: layer.biasTrainable,
      stepScale: layer.stepScale,
    };
    optimizerStep(copy, training.optimizer, state.step + 1);
    const wUpdate = copy.w.map((v, k) => v - layer.w[k]!);
    const bUpdate = copy.b.map((v, k) => v - layer.b[k]!);
    const batchRows = (buf: Float64Array, width: number) => rows(buf, batch, width, window);
    const weightRows = (buf: Float64Array) => rows(buf, layer.outputs, layer.inputs, window);
    return {
      inputs: batchRows(l === 0 ? ws.x : ws.a[l - 1]!, layer.inputs),
      z: batchRows(ws.z[l]!, layer.outputs),
      a: batchRows(ws.a[l]!, layer.outputs),
      delta: batchRows(ws.d[l]!, layer.outputs),
      weights: weightRows(layer.w),
      bias: head(layer.b, window),
      dW: weightRows(layer.dw),
      db: head(layer.db, window),
      weightsUpdate: weightRows(wUpdate),
      biasUpdate: head(bUpdate, window),
      weightsAfter: weightRows(copy.w),
      biasAfter: head(copy.b, window),
    };
  });
  net.layers.forEach((layer, l) => {
    layer.dw.set(savedGrads[l]!.dw);
    layer.db.set(savedGrads[l]!.db);
  });
  return {
    epoch: state.epoch,
    size: { samples: batch, layers: net.layers.map((layer) => ({ inputs: layer.inputs, outputs: layer.outputs })) },
    samples: head(samples, window),
    inputs: rows(ws.x, batch, inDim, window),
    targets: rows(ws.y, batch, outDim, window),
    outputs: rows(a, batch, outDim, window),
    lossPerSample: head(lossPerSample, window),
    loss: dataLoss * scale + regularizationPenalty(net.layers, training.regularization),
    learningRate: training.optimizer.learningRate,
    layers,
  };
}
