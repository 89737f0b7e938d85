import { LOG_EPSILON, type Loss } from './loss.js';

function clamp(p: number): number {
  return p < LOG_EPSILON ? LOG_EPSILON : p > 1 - LOG_EPSILON ? 1 - LOG_EPSILON : p;
}

/** `−Σ [y log a + (1−y) log(1−a)]` over a sample's outputs (each output its own yes/no). */
export const binaryCrossEntropy: Loss = {
  name: 'binaryCrossEntropy',
  sample(a, y, offset, width) {
    let s = 0;
    for (let j = offset; j < offset + width; j++) {
      const p = clamp(a[j]!);
      const t = y[j]!;
      s -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
    }
    return s;
  },
  gradient(a, y, d, batch, width, scale) {
    const n = batch * width;
    for (let i = 0; i < n; i++) {
      const p = clamp(a[i]!);
      d[i] = (scale * (p - y[i]!)) / (p * (1 - p));
    }
  },
};
