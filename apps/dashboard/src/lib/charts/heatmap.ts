import type { ActivationName } from '@liveprop/core';
import { divergingRgb } from './palette.js';

/** How raw values map onto the diverging scale [-1, 1]. */
export type HeatmapScale = 'probability' | 'symmetric' | 'auto';

/** The scale that suits a neuron's activation: sigmoid/softmax are probabilities, tanh is already in [-1, 1]. */
export function scaleForActivation(activation: ActivationName | 'input'): HeatmapScale {
  if (activation === 'sigmoid' || activation === 'softmax') return 'probability';
  if (activation === 'tanh') return 'symmetric';
  return 'auto';
}

/**
 * Fills `rgba` (length `4·size²`) with colours for `values[offset … offset+size²)`. `auto` divides by the largest
 * magnitude so ReLU and linear units still show their shape. Core's grid is in image order already: row 0 is
 * the top (largest y), column 0 the smallest x.
 */
export function fillHeatmap(
  rgba: Uint8ClampedArray,
  values: Float32Array,
  offset: number,
  size: number,
  scale: HeatmapScale,
  alpha = 255,
): void {
  const n = size * size;
  let maxAbs = 1;
  if (scale === 'auto') {
    maxAbs = 1e-9;
    for (let i = 0; i < n; i++) {
      const a = Math.abs(values[offset + i]!);
      if (a > maxAbs && Number.isFinite(a)) maxAbs = a;
    }
  }
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const v = values[offset + row * size + col]!;
      const t = scale === 'probability' ? 2 * v - 1 : v / maxAbs;
      const [r, g, b] = divergingRgb(t);
      const o = 4 * (row * size + col);
      rgba[o] = r;
      rgba[o + 1] = g;
      rgba[o + 2] = b;
      rgba[o + 3] = alpha;
    }
  }
}
