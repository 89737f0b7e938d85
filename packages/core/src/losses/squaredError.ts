import type { Loss } from './loss.js';

/** `½ Σ (a − y)²`, the tutorials' cost; gradient `a − y`. */
export const squaredError: Loss = {
  name: 'squaredError',
  sample(a, y, offset, width) {
    let s = 0;
    for (let j = offset; j < offset + width; j++) {
      const e = a[j]! - y[j]!;
      s += e * e;
    }
    return 0.5 * s;
  },
  gradient(a, y, d, batch, width, scale) {
    const n = batch * width;
    for (let i = 0; i < n; i++) d[i] = scale * (a[i]! - y[i]!);
  },
};
