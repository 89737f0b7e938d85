import type { Activation } from '../activations/activation.js';
import type { Loss } from './loss.js';

/**
 * `d = scale · ∂L/∂z` for the output layer. Softmax with categorical cross-entropy and sigmoid
 * with binary cross-entropy use the combined gradient `a − y`, which stays exact when `a`
 * saturates; every other pair chains the loss gradient through the activation.
 */
export function outputDelta(
  loss: Loss,
  activation: Activation,
  z: Float64Array,
  a: Float64Array,
  y: Float64Array,
  d: Float64Array,
  batch: number,
  width: number,
  scale: number,
): void {
  const combined =
    (activation.name === 'softmax' && loss.name === 'categoricalCrossEntropy') ||
    (activation.name === 'sigmoid' && loss.name === 'binaryCrossEntropy');
  if (combined) {
    const n = batch * width;
    for (let i = 0; i < n; i++) d[i] = scale * (a[i]! - y[i]!);
    return;
  }
  loss.gradient(a, y, d, batch, width, scale);
  activation.backward(z, a, d, batch, width);
}
