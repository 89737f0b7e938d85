import { LOG_EPSILON, type Loss } from './loss.js';

/** `−Σ_j y_j log a_j` for one-hot (or soft) targets; pairs with a softmax output. */
export const categoricalCrossEntropy: Loss = {
  name: 'categoricalCrossEntropy',
  sample(a, y, offset, width) {
    let s = 0;
    for (let j = offset; j < offset + width; j++) {
      const t = y[j]!;
      if (t !== 0) s -= t * Math.log(a[j]! < LOG_EPSILON ? LOG_EPSILON : a[j]!);
    }
    return s;
  },
  gradient(a, y, d, batch, width, scale) {
    const n = batch * width;
    for (let i = 0; i < n; i++) {
      const p = a[i]! < LOG_EPSILON ? LOG_EPSILON : a[i]!;
      d[i] = (-scale * y[i]!) / p;
    }
  },
};
