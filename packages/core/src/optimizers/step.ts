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
}

/**
 * Applies one optimizer update to a layer's weights and (when trainable) bias from its `dw`/`db`.
 * `t` is the 1-based step count Adam's bias correction needs.
 */
export function optimizerStep(layer: ParameterSet, optimizer: OptimizerConfig, t: number): void {
  const nw = layer.w.length;
  const nb = layer.biasTrainable ? layer.b.length : 0;
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
