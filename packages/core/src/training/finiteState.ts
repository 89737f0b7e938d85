import type { Network } from '../network/network.js';
import type { EpochMetrics } from '../contract/config.js';
import type { CoreResult } from '../contract/errors.js';
import type { TrainingState } from './state.js';

/** Copies of one layer's parameters and optimizer slots. */
export interface SavedLayer {
  w: Float64Array;
  b: Float64Array;
  wM: Float64Array;
  wV: Float64Array;
  bM: Float64Array;
  bV: Float64Array;
}

/** The last state known to be finite: what {@link Trainer.rollback} returns to after divergence. */
export interface FiniteState {
  epoch: number;
  step: number;
  metrics: EpochMetrics | null;
  shapeVersion: number;
  layers: SavedLayer[];
}

function copyChecked(src: Float64Array): { copy: Float64Array; sum: number } {
  const copy = new Float64Array(src.length);
  let sum = 0;
  for (let k = 0; k < src.length; k++) {
    const v = src[k]!;
    copy[k] = v;
    sum += v * 0;
  }
  return { copy, sum };
}

/**
 * Copies every parameter and slot, or returns `null` when any of them is NaN or ±Infinity
 * (`v·0` is 0 for finite `v` and NaN otherwise, so one sum checks them all).
 */
export function captureFinite(net: Network, epoch: number, step: number, metrics: EpochMetrics | null): FiniteState | null {
  const layers: SavedLayer[] = [];
  let check = 0;
  for (const layer of net.layers) {
    const w = copyChecked(layer.w);
    const b = copyChecked(layer.b);
    const wM = copyChecked(layer.wM);
    const wV = copyChecked(layer.wV);
    const bM = copyChecked(layer.bM);
    const bV = copyChecked(layer.bV);
    check += w.sum + b.sum + wM.sum + wV.sum + bM.sum + bV.sum;
    layers.push({ w: w.copy, b: b.copy, wM: wM.copy, wV: wV.copy, bM: bM.copy, bV: bV.copy });
  }
  if (check !== 0) return null;
  return { epoch, step, metrics, shapeVersion: net.shapeVersion, layers };
}

/** Writes a captured state back into a network of the same shape. */
export function restoreFinite(net: Network, saved: FiniteState): void {
  for (let l = 0; l < net.layers.length; l++) {
    const layer = net.layers[l]!;
    const s = saved.layers[l]!;
    layer.w.set(s.w);
    layer.b.set(s.b);
    layer.wM.set(s.wM);
    layer.wV.set(s.wV);
    layer.bM.set(s.bM);
    layer.bV.set(s.bV);
  }
}

/** {@link Trainer.rollback}: back to the last finite state of the current network, or a result saying there is none. */
export function rollbackState(state: TrainingState): CoreResult<{ epoch: number }> {
  const saved = state.finite;
  if (!saved || saved.shapeVersion !== state.network.shapeVersion) {
    return { ok: false, code: 'no_finite_state', message: 'there is no finite state of the current network to roll back to' };
  }
  restoreFinite(state.network, saved);
  state.epoch = saved.epoch;
  state.step = saved.step;
  state.lastMetrics = saved.metrics;
  state.diverged = false;
  state.resetOrder();
  return { ok: true, value: { epoch: saved.epoch } };
}
