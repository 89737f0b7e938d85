import type { ActivationName } from '../contract/config.js';

/**
 * The three dense-layer kernels, plain TypeScript over row-major Float64Arrays.
 * `w` is `[outputs][inputs]`, `x` `[batch][inputs]`, `z`/`dz` `[batch][outputs]`.
 * They are the reference any faster drop-in (WASM SIMD) is tested against.
 */

/** The kernels a {@link Network} calls; swap in a faster implementation with the same contract. */
export interface DenseKernels {
  /** `z[b][o] = Σ_i x[b][i]·w[o][i] + bias`, where `b` has length 0 (no bias), 1 (shared) or `outputs`. */
  denseForward(w: Float64Array, b: Float64Array, x: Float64Array, z: Float64Array, batch: number, inputs: number, outputs: number): void;
  /** `dw[o][i] = Σ_b dz[b][o]·x[b][i]`, overwriting `dw`. */
  denseBackwardWeights(dz: Float64Array, x: Float64Array, dw: Float64Array, batch: number, inputs: number, outputs: number): void;
  /** `dx[b][i] = Σ_o dz[b][o]·w[o][i]`, overwriting `dx`. */
  denseBackwardInput(w: Float64Array, dz: Float64Array, dx: Float64Array, batch: number, inputs: number, outputs: number): void;
  /**
   * Optional faster forward map of an elementwise activation: `a[k] = f(z[k])` for `k < count`. Returns false
   * (computing nothing) when it does not handle `name` or these arrays, and the activation's own code runs.
   */
  activationForward?(name: ActivationName, z: Float64Array, a: Float64Array, count: number): boolean;
}

// Each kernel handles two batch rows per pass so every weight loaded serves both (about 1.5–2× faster in V8),
// then finishes an odd last row alone.

/** Forward pass of a dense layer; see {@link DenseKernels.denseForward}. */
export function denseForward(
  w: Float64Array,
  b: Float64Array,
  x: Float64Array,
  z: Float64Array,
  batch: number,
  inputs: number,
  outputs: number,
): void {
  const biasLength = b.length;
  const shared = biasLength === 1 ? b[0]! : 0;
  let r = 0;
  for (; r + 1 < batch; r += 2) {
    const x0 = r * inputs;
    const x1 = x0 + inputs;
    const z0 = r * outputs;
    const z1 = z0 + outputs;
    for (let o = 0; o < outputs; o++) {
      const wOff = o * inputs;
      const bias = biasLength === 0 ? 0 : biasLength === 1 ? shared : b[o]!;
      let s0 = bias;
      let s1 = bias;
      for (let i = 0; i < inputs; i++) {
        const wi = w[wOff + i]!;
        s0 += x[x0 + i]! * wi;
        s1 += x[x1 + i]! * wi;
      }
      z[z0 + o] = s0;
      z[z1 + o] = s1;
    }
  }
  if (r < batch) {
    const xOff = r * inputs;
    const zOff = r * outputs;
    for (let o = 0; o < outputs; o++) {
      const wOff = o * inputs;
      let s = biasLength === 0 ? 0 : biasLength === 1 ? shared : b[o]!;
      for (let i = 0; i < inputs; i++) s += x[xOff + i]! * w[wOff + i]!;
      z[zOff + o] = s;
    }
  }
}

/** Weight gradient of a dense layer; see {@link DenseKernels.denseBackwardWeights}. */
export function denseBackwardWeights(
  dz: Float64Array,
  x: Float64Array,
  dw: Float64Array,
  batch: number,
  inputs: number,
  outputs: number,
): void {
  dw.fill(0, 0, inputs * outputs);
  let r = 0;
  for (; r + 1 < batch; r += 2) {
    const x0 = r * inputs;
    const x1 = x0 + inputs;
    const z0 = r * outputs;
    const z1 = z0 + outputs;
    for (let o = 0; o < outputs; o++) {
      const g0 = dz[z0 + o]!;
      const g1 = dz[z1 + o]!;
      const wOff = o * inputs;
      for (let i = 0; i < inputs; i++) dw[wOff + i] = dw[wOff + i]! + (g0 * x[x0 + i]! + g1 * x[x1 + i]!);
    }
  }
  if (r < batch) {
    const xOff = r * inputs;
    const zOff = r * outputs;
    for (let o = 0; o < outputs; o++) {
      const g = dz[zOff + o]!;
      const wOff = o * inputs;
      for (let i = 0; i < inputs; i++) dw[wOff + i] = dw[wOff + i]! + g * x[xOff + i]!;
    }
  }
}

/** Gradient with respect to a dense layer's input; see {@link DenseKernels.denseBackwardInput}. */
export function denseBackwardInput(
  w: Float64Array,
  dz: Float64Array,
  dx: Float64Array,
  batch: number,
  inputs: number,
  outputs: number,
): void {
  dx.fill(0, 0, batch * inputs);
  let r = 0;
  for (; r + 1 < batch; r += 2) {
    const x0 = r * inputs;
    const x1 = x0 + inputs;
    const z0 = r * outputs;
    const z1 = z0 + outputs;
    for (let o = 0; o < outputs; o++) {
      const g0 = dz[z0 + o]!;
      const g1 = dz[z1 + o]!;
      const wOff = o * inputs;
      for (let i = 0; i < inputs; i++) {
        const wi = w[wOff + i]!;
        dx[x0 + i] = dx[x0 + i]! + g0 * wi;
        dx[x1 + i] = dx[x1 + i]! + g1 * wi;
      }
    }
  }
  if (r < batch) {
    const xOff = r * inputs;
    const zOff = r * outputs;
    for (let o = 0; o < outputs; o++) {
      const g = dz[zOff + o]!;
      const wOff = o * inputs;
      for (let i = 0; i < inputs; i++) dx[xOff + i] = dx[xOff + i]! + g * w[wOff + i]!;
    }
  }
}

/** The plain TypeScript kernels, the default of every {@link Network}. */
export const tsDenseKernels: DenseKernels = { denseForward, denseBackwardWeights, denseBackwardInput };
