import { LEAKY_RELU_SLOPE } from '../activations/leakyRelu.js';
import type { ActivationName } from '../contract/config.js';
import type { DenseLayer } from '../layers/denseLayer.js';

/**
 * How one hidden unit is re-expressed through an activation `g`: the unit computes `g(p·z + q)` and the next
 * layer reads it as `r·g(p·z + q) + s`.
 */
export interface UnitWrap {
  p: number;
  q: number;
  r: number;
  s: number;
}

/** The unit stays as it is (the identity wrap). */
export const PLAIN: UnitWrap = { p: 1, q: 0, r: 1, s: 0 };

/** How far into tanh/sigmoid's curve the data may reach when they stand in for the identity: tanh(0.1) is 0.3% below 0.1. */
export const NEAR_LINEAR_REACH = 0.1;

/**
 * `r·g(p·z + q) + s ≈ z` for `z` in `[lo, hi]`: exact for linear, for relu and leaky relu on an input shifted
 * to stay positive (with a tenth of the data range to spare below), approximate for tanh and sigmoid with a small
 * scale around the range's middle.
 */
export function identityThrough(g: ActivationName, lo: number, hi: number): UnitWrap {
  switch (g) {
    case 'linear':
      return PLAIN;
    case 'relu':
    case 'leakyRelu': {
      // A small margin: a bigger shift adds a big constant to what the next layer reads, and its updates grow with it.
      const shift = lo > 0 ? 0 : -lo + 0.1 * (hi - lo) + 1e-6;
      return { p: 1, q: shift, r: 1, s: -shift };
    }
    case 'tanh':
    case 'sigmoid': {
      const middle = (lo + hi) / 2;
      const eps = NEAR_LINEAR_REACH / Math.max((hi - lo) / 2, 1e-6);
      // sigmoid(u) ≈ ½ + u/4 near 0, so it reads back with 4/ε and loses the ½.
      const r = g === 'tanh' ? 1 / eps : 4 / eps;
      return { p: eps, q: -eps * middle, r, s: g === 'tanh' ? middle : middle - r / 2 };
    }
    case 'softmax':
      return PLAIN;
  }
}

/** `r·g(p·z + q) + s = f(z)` for every `z`, where one exists: `f = g`, and sigmoid ↔ tanh (tanh z = 2σ(2z) − 1). */
export function exactSwap(f: ActivationName, g: ActivationName): UnitWrap | null {
  if (f === g) return PLAIN;
  if (f === 'sigmoid' && g === 'tanh') return { p: 0.5, q: 0, r: 0.5, s: 0.5 };
  if (f === 'tanh' && g === 'sigmoid') return { p: 2, q: 0, r: 2, s: -1 };
  return null;
}

/**
 * `f(z) = α·z + β` where the data keeps `f` affine: always for linear, for relu and leaky relu when every
 * pre-activation has one sign, and for any `f` when `z` is constant (`fitted` then holds the constant).
 * Otherwise the least-squares `fitted` line, marked inexact.
 */
export function affineOnData(f: ActivationName, lo: number, hi: number, fitted: { alpha: number; beta: number }): { alpha: number; beta: number; exact: boolean } {
  if (f === 'linear') return { alpha: 1, beta: 0, exact: true };
  if (lo === hi) return { alpha: 0, beta: fitted.beta, exact: true };
  if ((f === 'relu' || f === 'leakyRelu') && lo > 0) return { alpha: 1, beta: 0, exact: true };
  if (f === 'relu' && hi <= 0) return { alpha: 0, beta: 0, exact: true };
  if (f === 'leakyRelu' && hi <= 0) return { alpha: LEAKY_RELU_SLOPE, beta: 0, exact: true };
  return { ...fitted, exact: false };
}

/** `α·(wrap) + β`: the wrap of `α·z + β` from a wrap of `z`. */
export function scaleWrap(wrap: UnitWrap, alpha: number, beta: number): UnitWrap {
  return { p: wrap.p, q: wrap.q, r: alpha * wrap.r, s: alpha * wrap.s + beta };
}

const biasPerNeuron = (layer: DenseLayer): boolean => layer.b.length === layer.outputs;

/** Whether `layer` (the unit's) and `next` (the reader's) biases can hold the wrap's shifts. */
export function wrapFits(wrap: UnitWrap, layer: DenseLayer, next: DenseLayer): boolean {
  const rowChanges = wrap.p !== 1 || wrap.q !== 0;
  return (!rowChanges || biasPerNeuron(layer)) && (wrap.s === 0 || biasPerNeuron(next));
}

/**
 * Applies `wraps[k]` to unit `k` of `layer` (row `k` scaled by `p`, bias `p·b + q`) and to column `k` of
 * `next` (scaled by `r`, `W·s` added to its bias). A wrap that does not {@link wrapFits} must not be passed.
 * Their optimizer slots are rescaled with them: a weight stored ×`c` has gradients ×1/`c`, so its first moment
 * (or velocity) goes ×1/`c` and its second moment ×1/`c²`. Row `k`'s step scale takes the factor `|p|`: read back
 * ×`r`, a row stored at ε would otherwise train 1/ε times too fast. With both, Adam moves a rescaled row exactly
 * as it moved the row before (an exact sigmoid ↔ tanh swap continues the same run instead of restarting its moments).
 */
export function applyWraps(layer: DenseLayer, next: DenseLayer, wraps: readonly UnitWrap[]): void {
  const n = layer.inputs;
  const m = next.inputs;
  for (let k = 0; k < wraps.length; k++) {
    const { p, q, r, s } = wraps[k]!;
    if (p !== 1 || q !== 0) {
      for (let i = 0; i < n; i++) {
        layer.w[k * n + i] = p * layer.w[k * n + i]!;
        rescaleSlots(layer.wM, layer.wV, k * n + i, p);
      }
      layer.b[k] = p * layer.b[k]! + q;
      rescaleSlots(layer.bM, layer.bV, k, p);
      layer.stepScale ??= new Float64Array(layer.outputs).fill(1);
      layer.stepScale[k] = layer.stepScale[k]! * Math.abs(p);
    }
    if (r === 1 && s === 0) continue;
    for (let o = 0; o < next.outputs; o++) {
      const at = o * m + k;
      if (s !== 0) next.b[o] = next.b[o]! + next.w[at]! * s;
      next.w[at] = r * next.w[at]!;
      rescaleSlots(next.wM, next.wV, at, r);
    }
  }
}

/** The optimizer slots of a parameter just multiplied by `c` (a zeroed one, `c = 0`, starts afresh). */
function rescaleSlots(first: Float64Array, second: Float64Array, at: number, c: number): void {
  first[at] = c === 0 ? 0 : first[at]! / c;
  second[at] = c === 0 ? 0 : second[at]! / (c * c);
}
