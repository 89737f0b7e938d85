import type { DenseLayer } from '../layers/denseLayer.js';
import { batchLoss } from '../losses/loss.js';
import type { InputRows } from '../network/dataPass.js';
import type { EditPlan } from '../network/editPlans.js';
import { Network } from '../network/network.js';
import { MT19937, type Mt19937State } from '../rng/mt19937.js';
import type { OutputEffect } from '../contract/config.js';
import { LivepropConfigError } from '../contract/errors.js';
import type { TrainingState } from './state.js';

/** Outputs within this fraction of their scale count as unchanged (float rounding of the rewritten weights). */
export const EXACT_TOLERANCE = 1e-9;
/** Outputs within this fraction of their scale count as approximately kept (tanh/sigmoid standing in for the identity). */
export const APPROXIMATE_TOLERANCE = 1e-2;

const CHUNK = 256;

/** The rows an edit must keep the outputs on: the training and the test split. */
export function dataRows(state: TrainingState): InputRows[] {
  return [state.dataset.train, state.dataset.test];
}

/** Forwards the data through the network as it is and as the plan would make it, comparing outputs and training loss. */
export function measureEffect(state: TrainingState, plan: EditPlan): OutputEffect {
  const before = state.network;
  const after = new Network(before.inputs, plan.layers, before.kernels, before.allocate, before.release);
  const wsBefore = before.createWorkspace(CHUNK);
  const wsAfter = after.createWorkspace(CHUNK);
  const { train } = state.dataset;
  const width = before.outputs;
  let maxChange = 0;
  let scale = 1;
  let lossBefore = 0;
  let lossAfter = 0;
  try {
    for (const rows of dataRows(state)) {
      for (let start = 0; start < rows.count; start += CHUNK) {
        const batch = Math.min(CHUNK, rows.count - start);
        const x = rows.x.subarray(start * before.inputs, (start + batch) * before.inputs);
        wsBefore.x.set(x);
        wsAfter.x.set(x);
        const a = before.forward(wsBefore, batch);
        const b = after.forward(wsAfter, batch);
        for (let k = 0; k < batch * width; k++) {
          const change = Math.abs(a[k]! - b[k]!);
          if (!(change <= maxChange)) maxChange = change;
          if (Math.abs(a[k]!) > scale) scale = Math.abs(a[k]!);
        }
        if (rows !== train) continue;
        const y = train.y.subarray(start * width, (start + batch) * width);
        lossBefore += batchLoss(state.loss, a, y, batch, width);
        lossAfter += batchLoss(state.loss, b, y, batch, width);
      }
    }
  } finally {
    before.releaseWorkspace(wsBefore);
    after.releaseWorkspace(wsAfter);
  }
  const n = Math.max(train.count, 1);
  const kind = maxChange <= EXACT_TOLERANCE * scale ? 'exact' : maxChange <= APPROXIMATE_TOLERANCE * scale ? 'approximate' : 'changes';
  return { kind, maxChange, lossBefore: lossBefore / n, lossAfter: lossAfter / n };
}

function loss(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential(2) : value.toPrecision(3);
}

/** The sentence a refused edit carries: what happens to the outputs and the loss. */
export function describeJump(effect: OutputEffect): string {
  return `this will change the network's output; the training loss will jump from ${loss(effect.lossBefore)} to ${loss(effect.lossAfter)}`;
}

/**
 * Measures a plan and takes it into the network, or, when `keepOutput` is set and the outputs would change, gives
 * the plan's layers back, restores the RNG the plan drew from and refuses with `output_change`.
 */
export function settlePlan(state: TrainingState, plan: EditPlan, keepOutput: boolean, rngBefore: Mt19937State): OutputEffect {
  const effect = measureEffect(state, plan);
  const net = state.network;
  if (keepOutput && effect.kind === 'changes') {
    for (const layer of plan.created) net.releaseLayer(layer);
    state.rng = MT19937.fromState(rngBefore);
    // No field prefix: the sentence is shown to the user as it is, in the confirm before the edit.
    throw new LivepropConfigError('', describeJump(effect), 'output_change');
  }
  const kept = new Set(plan.layers);
  const typical = typicalSecondMoment(net.layers);
  for (const layer of net.layers) if (!kept.has(layer)) net.releaseLayer(layer);
  net.layers.splice(0, net.layers.length, ...plan.layers);
  net.shapeVersion++;
  for (const layer of plan.created) startSecondMoments(layer, typical);
  return effect;
}

/** Mean of Adam's second moments over the network (0 before any Adam step). */
function typicalSecondMoment(layers: readonly DenseLayer[]): number {
  let sum = 0;
  let count = 0;
  for (const layer of layers) {
    for (const slots of [layer.wV, layer.bV]) {
      for (let k = 0; k < slots.length; k++) {
        if (slots[k]! > 0) {
          sum += slots[k]!;
          count++;
        }
      }
    }
  }
  return count === 0 ? 0 : sum / count;
}

/**
 * New and rescaled parameters start with the network's typical second moment rather than 0: from 0, Adam's first
 * step is about ±3·lr whatever the gradient, which would throw a kept-output edit off at once. A row stored at `σ`
 * times its natural scale (`DenseLayer.stepScale`) has gradients 1/σ times larger, so it starts at typical/σ²:
 * otherwise its moments take hundreds of steps to catch up while its steps run several times too long.
 */
function startSecondMoments(layer: DenseLayer, typical: number): void {
  const n = layer.inputs;
  const perRowBias = layer.bV.length === layer.outputs;
  for (let k = 0; k < layer.outputs; k++) {
    const sigma = layer.stepScale?.[k] ?? 1;
    const value = typical / (sigma * sigma);
    fillZeros(layer.wV.subarray(k * n, (k + 1) * n), value);
    if (perRowBias) fillZeros(layer.bV.subarray(k, k + 1), value);
  }
  if (!perRowBias) fillZeros(layer.bV, typical);
}

function fillZeros(slots: Float64Array, value: number): void {
  for (let k = 0; k < slots.length; k++) if (slots[k] === 0) slots[k] = value;
}
