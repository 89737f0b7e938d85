import { outputDelta } from '../losses/outputDelta.js';
import { addRegularizationGradient, regularizationPenalty } from '../network/regularization.js';
import { optimizerStep } from '../optimizers/step.js';
import type { Workspace } from '../network/workspace.js';
import { fail } from './check.js';
import type { TrainingState } from './state.js';
import type { LayerTrace, StepTrace } from './traceTypes.js';

function rows(buf: Float64Array, count: number, width: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < count; r++) out.push(Array.from(buf.subarray(r * width, (r + 1) * width)));
  return out;
}

/**
 * Computes one optimizer step on `sample` (a training-row index) or on the next batch, exposing every
 * intermediate, and leaves the trainer exactly as it was (gradients and optimizer slots included).
 */
export function traceStep(state: TrainingState, sample: number | 'batch'): StepTrace {
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
    return traceInto(state, samples, ws);
  } finally {
    net.releaseWorkspace(ws);
  }
}

function traceInto(state: TrainingState, samples: number[], ws: Workspace): StepTrace {
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
    };
    optimizerStep(copy, training.optimizer, state.step + 1);
    const wUpdate = copy.w.map((v, k) => v - layer.w[k]!);
    const bUpdate = copy.b.map((v, k) => v - layer.b[k]!);
    return {
      inputs: rows(l === 0 ? ws.x : ws.a[l - 1]!, batch, layer.inputs),
      z: rows(ws.z[l]!, batch, layer.outputs),
      a: rows(ws.a[l]!, batch, layer.outputs),
      delta: rows(ws.d[l]!, batch, layer.outputs),
      weights: rows(layer.w, layer.outputs, layer.inputs),
      bias: Array.from(layer.b),
      dW: rows(layer.dw, layer.outputs, layer.inputs),
      db: Array.from(layer.db),
      weightsUpdate: rows(wUpdate, layer.outputs, layer.inputs),
      biasUpdate: Array.from(bUpdate),
      weightsAfter: rows(copy.w, layer.outputs, layer.inputs),
      biasAfter: Array.from(copy.b),
    };
  });
  net.layers.forEach((layer, l) => {
    layer.dw.set(savedGrads[l]!.dw);
    layer.db.set(savedGrads[l]!.db);
  });
  return {
    epoch: state.epoch,
    samples,
    inputs: rows(ws.x, batch, inDim),
    targets: rows(ws.y, batch, outDim),
    outputs: rows(a, batch, outDim),
    lossPerSample,
    loss: dataLoss * scale + regularizationPenalty(net.layers, training.regularization),
    learningRate: training.optimizer.learningRate,
    layers,
  };
}
