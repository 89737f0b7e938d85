import { describe, expect, it } from 'vitest';
import { MT19937 } from '../rng/mt19937.js';
import type { ActivationName } from '../contract/config.js';
import { ACTIVATION_NAMES, getActivation } from './registry.js';

const H = 1e-6;
const BATCH = 3;
const WIDTH = 4;

function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a) + Math.abs(b), 1e-8);
}

/** L(z) = Σ g·f(z) for a fixed random g, so ∂L/∂z is what backward returns for d = g. */
function scalarLoss(name: ActivationName, z: Float64Array, g: Float64Array): number {
  const a = new Float64Array(z.length);
  getActivation(name).forward(z, a, BATCH, WIDTH);
  let s = 0;
  for (let k = 0; k < a.length; k++) s += g[k]! * a[k]!;
  return s;
}

describe('activations pass a central-difference gradient check (float64, relative error < 1e-6)', () => {
  for (const name of ACTIVATION_NAMES) {
    it(`${name} backward matches finite differences`, () => {
      const rng = new MT19937(7);
      const z = new Float64Array(BATCH * WIDTH);
      const g = new Float64Array(BATCH * WIDTH);
      for (let k = 0; k < z.length; k++) {
        let v = 4 * rng.random() - 2;
        if (Math.abs(v) < 0.05) v += 0.1; // keep relu's kink out of the finite difference
        z[k] = v;
        g[k] = (rng.random() < 0.5 ? -1 : 1) * (0.5 + 0.5 * rng.random());
      }
      const activation = getActivation(name);
      const a = new Float64Array(z.length);
      activation.forward(z, a, BATCH, WIDTH);
      const d = g.slice();
      activation.backward(z, a, d, BATCH, WIDTH);
      for (let k = 0; k < z.length; k++) {
        const zp = z.slice();
        const zm = z.slice();
        zp[k] = z[k]! + H;
        zm[k] = z[k]! - H;
        const numeric = (scalarLoss(name, zp, g) - scalarLoss(name, zm, g)) / (2 * H);
        expect(relativeError(numeric, d[k]!), `${name} at ${k}: numeric ${numeric}, analytic ${d[k]}`).toBeLessThan(1e-6);
      }
    });
  }

  it('softmax rows sum to 1 and survive large logits', () => {
    const z = Float64Array.from([1000, 1001, 999, -5, 0, 5]);
    const a = new Float64Array(6);
    getActivation('softmax').forward(z, a, 2, 3);
    expect(a[0]! + a[1]! + a[2]!).toBeCloseTo(1, 12);
    expect(a[3]! + a[4]! + a[5]!).toBeCloseTo(1, 12);
    expect(a[1]!).toBeGreaterThan(a[0]!);
  });

  it('leaky relu passes 1% of a negative input', () => {
    const a = new Float64Array(2);
    getActivation('leakyRelu').forward(Float64Array.from([-2, 3]), a, 1, 2);
    expect(Array.from(a)).toEqual([-0.02, 3]);
  });
});
