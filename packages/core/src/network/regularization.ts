import type { DenseLayer } from '../layers/denseLayer.js';
import type { RegularizationConfig } from '../contract/config.js';

/**
 * Penalty on weights only (never biases): L1 `rate·Σ|w|`, L2 `½·rate·Σw²`.
 * It is added to the reduced batch loss, so its gradient does not scale with the batch size.
 */
export function regularizationPenalty(layers: readonly DenseLayer[], reg: RegularizationConfig): number {
  if (reg.kind === 'none') return 0;
  let s = 0;
  for (const layer of layers) {
    const w = layer.w;
    if (reg.kind === 'l1') for (let k = 0; k < w.length; k++) s += Math.abs(w[k]!);
    else for (let k = 0; k < w.length; k++) s += w[k]! * w[k]!;
  }
  return reg.kind === 'l1' ? reg.rate * s : 0.5 * reg.rate * s;
}

/** Adds the penalty's gradient to every `dw` (L1 uses `sign(w)`, 0 at 0). */
export function addRegularizationGradient(layers: readonly DenseLayer[], reg: RegularizationConfig): void {
  if (reg.kind === 'none' || reg.rate === 0) return;
  const rate = reg.rate;
  for (const layer of layers) {
    const w = layer.w;
    const dw = layer.dw;
    if (reg.kind === 'l1') {
      for (let k = 0; k < w.length; k++) {
        const wk = w[k]!;
        dw[k] = dw[k]! + (wk > 0 ? rate : wk < 0 ? -rate : 0);
      }
    } else {
      for (let k = 0; k < w.length; k++) dw[k] = dw[k]! + rate * w[k]!;
    }
  }
}
