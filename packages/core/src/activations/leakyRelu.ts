import type { Activation } from './activation.js';

/** Slope of the leaky ReLU for negative inputs. */
export const LEAKY_RELU_SLOPE = 0.01;

/** Leaky ReLU: `z` for `z > 0`, else `0.01·z`. */
export const leakyRelu: Activation = {
  name: 'leakyRelu',
  forward(z, a, batch, width) {
    const n = batch * width;
    for (let i = 0; i < n; i++) {
      const zi = z[i]!;
      a[i] = zi > 0 ? zi : LEAKY_RELU_SLOPE * zi;
    }
  },
  backward(z, _a, d, batch, width) {
    const n = batch * width;
    for (let i = 0; i < n; i++) if (!(z[i]! > 0)) d[i] = d[i]! * LEAKY_RELU_SLOPE;
  },
};
