import type { Activation } from './activation.js';

/**
 * Softmax over each row (output layer only). Backward applies the Jacobian
 * `∂L/∂z_j = a_j (g_j − Σ_k a_k g_k)`; with categorical cross-entropy the trainer
 * skips this and uses the combined gradient `a − y` instead.
 */
export const softmax: Activation = {
  name: 'softmax',
  forward(z, a, batch, width) {
    for (let r = 0; r < batch; r++) {
      const off = r * width;
      let max = -Infinity;
      for (let j = 0; j < width; j++) if (z[off + j]! > max) max = z[off + j]!;
      let sum = 0;
      for (let j = 0; j < width; j++) {
        const e = Math.exp(z[off + j]! - max);
        a[off + j] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let j = 0; j < width; j++) a[off + j] = a[off + j]! * inv;
    }
  },
  backward(_z, a, d, batch, width) {
    for (let r = 0; r < batch; r++) {
      const off = r * width;
      let dot = 0;
      for (let j = 0; j < width; j++) dot += a[off + j]! * d[off + j]!;
      for (let j = 0; j < width; j++) d[off + j] = a[off + j]! * (d[off + j]! - dot);
    }
  },
};
