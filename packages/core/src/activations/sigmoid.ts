import type { Activation } from './activation.js';

/** Logistic sigmoid `1/(1+e^-z)`; derivative `a(1−a)` (the tutorials' `sigmoid_prime` of the output). */
export const sigmoid: Activation = {
  name: 'sigmoid',
  forward(z, a, batch, width) {
    const n = batch * width;
    for (let i = 0; i < n; i++) a[i] = 1 / (1 + Math.exp(-z[i]!));
  },
  backward(_z, a, d, batch, width) {
    const n = batch * width;
    for (let i = 0; i < n; i++) {
      const ai = a[i]!;
      d[i] = d[i]! * ai * (1 - ai);
    }
  },
};
