import type { ActivationName } from '../contract/config.js';

/**
 * One activation function: its forward map and its local backward rule side by side.
 * Buffers are row-major `[batch][width]`; `count = batch * width` elements are used.
 */
export interface Activation {
  readonly name: ActivationName;
  /** `a = f(z)` over `batch` rows of `width`. */
  forward(z: Float64Array, a: Float64Array, batch: number, width: number): void;
  /**
   * Turns `d = ∂L/∂a` into `∂L/∂z` in place, using `z` and `a = f(z)` of the same forward pass.
   * Elementwise functions multiply by `f'(z)`; softmax applies its Jacobian row by row.
   */
  backward(z: Float64Array, a: Float64Array, d: Float64Array, batch: number, width: number): void;
}
