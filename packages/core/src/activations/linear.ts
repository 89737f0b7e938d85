import type { Activation } from './activation.js';

/** Identity; derivative 1. */
export const linear: Activation = {
  name: 'linear',
  forward(z, a, batch, width) {
    const n = batch * width;
    for (let i = 0; i < n; i++) a[i] = z[i]!;
  },
  backward() {},
};
