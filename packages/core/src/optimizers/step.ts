import type { DenseLayer } from '../layers/denseLayer.js';
import type { OptimizerConfig } from '../contract/config.js';
import { adamUpdate } from './adam.js';
import { momentumUpdate } from './momentum.js';
import { sgdUpdate } from './sgd.js';

/** The parameter and slot arrays one update touches; a layer, or copies of one for a dry run. */
export interface ParameterSet {
  w: Float64Array;
  b: Float64Array;
  dw: Float64Array;
  db: Float64Array;
  wM: Float64Array;
  wV: Float64Array;
  bM: Float64Array;
  bV: Float64Array;
  biasTrainable: boolean;
  /** Per output row, see `DenseLayer.stepScale`. */
  stepScale?: Float64Array | null;
}

/**
 * Applies one optimizer update to a layer's weights and (when trainable) bias from its `dw`/`db`.
 * `t` is the 1-based step count Adam's bias correction needs.
 */
export function optimizerStep(layer: ParameterSet, optimizer: OptimizerConfig, t: number): void {
  if (layer.stepScale) return scaledStep(layer, layer.stepScale, optimizer, t);
  updateSlice(layer, optimizer, t, 1);
}

/**
 * Row by row, each at its own rate, so a row stored at `σ` times its natural scale `u` (`w = σ·u`) moves as `u`
 * would: `u`'s gradient is `σ` times `w`'s and `Δw = σ·Δu`, so SGD and momentum step at `σ²` the rate, and Adam
 * (whose step does not grow with the gradient) at `σ`.
 */
function scaledStep(layer: ParameterSet, stepScale: Float64Array, optimizer: OptimizerConfig, t: number): void {
  const n = layer.w.length / stepScale.length;
  const perRowBias = layer.b.length === stepScale.length;
  for (let k = 0; k < stepScale.length; k++) {
    const w = (a: Float64Array) => a.subarray(k * n, (k + 1) * n);
    const b = (a: Float64Array) => (perRowBias ? a.subarray(k, k + 1) : a.subarray(0, 0));
    const row: ParameterSet = { w: w(layer.w), dw: w(layer.dw), wM: w(layer.wM), wV: w(layer.wV), b: b(layer.b), db: b(layer.db), bM: b(layer.bM), bV: b(layer.bV), biasTrainable: layer.biasTrainable };
    const sigma = stepScale[k]!;
    updateSlice(row, optimizer, t, optimizer.kind === 'adam' ? sigma : sigma * sigma);
  }
  // A shared bias belongs to no row: it steps at the full rate.
  if (!perRowBias && layer.biasTrainable && layer.b.length > 0) {
    const shared: ParameterSet = { ...layer, w: layer.w.subarray(0, 0), dw: layer.dw.subarray(0, 0), wM: layer.wM.subarray(0, 0), wV: layer.wV.subarray(0, 0), stepScale: null };
    updateSlice(shared, optimizer, t, 1);
  }
}

function updateSlice(layer: ParameterSet, optimizer: OptimizerConfig, t: number, rate: number): void {
  const nw = layer.w.length;
  const nb = layer.biasTrainable ? layer.b.length : 0;
  optimizer = rate === 1 ? optimizer : { ...optimizer, learningRate: optimizer.learningRate * rate };
  switch (optimizer.kind) {
    case 'sgd':
      sgdUpdate(layer.w, layer.dw, nw, optimizer.learningRate);
      sgdUpdate(layer.b, layer.db, nb, optimizer.learningRate);
      break;
    case 'momentum': {
      const nesterov = optimizer.nesterov === true;
      momentumUpdate(layer.w, layer.dw, layer.wM, nw, optimizer.learningRate, optimizer.momentum, nesterov);
      momentumUpdate(layer.b, layer.db, layer.bM, nb, optimizer.learningRate, optimizer.momentum, nesterov);
      break;
    }
    case 'adam': {
      const { learningRate, beta1, beta2, epsilon } = optimizer;
      adamUpdate(layer.w, layer.dw, layer.wM, layer.wV, nw, learningRate, beta1, beta2, epsilon, t);
      adamUpdate(layer.b, layer.db, layer.bM, layer.bV, nb, learningRate, beta1, beta2, epsilon, t);
      break;
    }
    default: {
      const unknown: never = optimizer;
      throw new Error(`no update for optimizer ${JSON.stringify(unknown)}`);
    }
  }
}

/** Zeroes every optimizer slot, for a change of optimizer kind. */
export function resetOptimizerSlots(layers: readonly DenseLayer[]): void {
  for (const layer of layers) {
    layer.wM.fill(0);
    layer.wV.fill(0);
    layer.bM.fill(0);
    layer.bV.fill(0);
  }
}
