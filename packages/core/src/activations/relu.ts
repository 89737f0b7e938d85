import type { Activation } from './activation.js';

/** Rectified linear `max(0, z)`; derivative 1 for `z > 0`, else 0 (0 at the kink). */
export const relu: Activation = {
  name: 'relu',
  forward(z, a, batch, width) {
    const n = batch * width;
    for (let i = 0; i < n; i++) {
      const zi = z[i]!;
      a[i] = zi > 0 ? zi : 0;
    }
  },
  backward(z, _a, d, batch, width) {
    const n = batch * width;
    for (let i = 0; i < n; i++) if (!(z[i]! > 0)) d[i] = 0;
  },
};
