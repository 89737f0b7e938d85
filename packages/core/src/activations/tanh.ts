import type { Activation } from './activation.js';

/** Hyperbolic tangent; derivative `1 − a²`. */
export const tanh: Activation = {
  name: 'tanh',
  forward(z, a, batch, width) {
    const n = batch * width;
    for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]!);
  },
  backward(_z, a, d, batch, width) {
    const n = batch * width;
    for (let i = 0; i < n; i++) {
      const ai = a[i]!;
      d[i] = d[i]! * (1 - ai * ai);
    }
  },
};
