import { describe, expect, it } from 'vitest';
import { getActivation } from '../activations/registry.js';
import { MT19937 } from '../rng/mt19937.js';
import type { ActivationName, LossName, Reduction } from '../contract/config.js';
import { batchLoss } from './loss.js';
import { outputDelta } from './outputDelta.js';
import { LOSS_NAMES, getLoss } from './registry.js';

const H = 1e-6;
const BATCH = 3;
const WIDTH = 3;

function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a) + Math.abs(b), 1e-8);
}

function targetsFor(loss: LossName, rng: MT19937): Float64Array {
  const y = new Float64Array(BATCH * WIDTH);
  for (let r = 0; r < BATCH; r++) {
    if (loss === 'categoricalCrossEntropy') y[r * WIDTH + (r % WIDTH)] = 1;
    else for (let j = 0; j < WIDTH; j++) y[r * WIDTH + j] = loss === 'binaryCrossEntropy' ? (rng.random() < 0.5 ? 0 : 1) : 2 * rng.random() - 1;
  }
  return y;
}

function reduced(loss: LossName, reduction: Reduction, a: Float64Array, y: Float64Array): number {
  const total = batchLoss(getLoss(loss), a, y, BATCH, WIDTH);
  return reduction === 'mean' ? total / BATCH : total;
}

describe('losses pass a central-difference gradient check for both reductions', () => {
  for (const name of LOSS_NAMES) {
    for (const reduction of ['sum', 'mean'] as const) {
      it(`${name} (${reduction}) gradient with respect to the outputs`, () => {
        const rng = new MT19937(3);
        const a = new Float64Array(BATCH * WIDTH);
        for (let k = 0; k < a.length; k++) a[k] = 0.1 + 0.8 * rng.random();
        const y = targetsFor(name, rng);
        const d = new Float64Array(a.length);
        getLoss(name).gradient(a, y, d, BATCH, WIDTH, reduction === 'mean' ? 1 / BATCH : 1);
        for (let k = 0; k < a.length; k++) {
          const ap = a.slice();
          const am = a.slice();
          ap[k] = a[k]! + H;
          am[k] = a[k]! - H;
          const numeric = (reduced(name, reduction, ap, y) - reduced(name, reduction, am, y)) / (2 * H);
          expect(relativeError(numeric, d[k]!), `${name} at ${k}`).toBeLessThan(1e-6);
        }
      });
    }
  }

  const pairs: [ActivationName, LossName][] = [
    ['softmax', 'categoricalCrossEntropy'],
    ['sigmoid', 'binaryCrossEntropy'],
    ['softmax', 'squaredError'],
    ['sigmoid', 'squaredError'],
    ['linear', 'squaredError'],
    ['tanh', 'squaredError'],
  ];
  for (const [act, lossName] of pairs) {
    for (const reduction of ['sum', 'mean'] as const) {
      it(`output delta of ${act} + ${lossName} (${reduction}) matches finite differences in z`, () => {
        const rng = new MT19937(11);
        const z = new Float64Array(BATCH * WIDTH);
        for (let k = 0; k < z.length; k++) z[k] = 3 * rng.random() - 1.5;
        const y = targetsFor(lossName, rng);
        const activation = getActivation(act);
        const lossOf = (zz: Float64Array): number => {
          const a = new Float64Array(zz.length);
          activation.forward(zz, a, BATCH, WIDTH);
          return reduced(lossName, reduction, a, y);
        };
        const a = new Float64Array(z.length);
        activation.forward(z, a, BATCH, WIDTH);
        const d = new Float64Array(z.length);
        outputDelta(getLoss(lossName), activation, z, a, y, d, BATCH, WIDTH, reduction === 'mean' ? 1 / BATCH : 1);
        for (let k = 0; k < z.length; k++) {
          const zp = z.slice();
          const zm = z.slice();
          zp[k] = z[k]! + H;
          zm[k] = z[k]! - H;
          const numeric = (lossOf(zp) - lossOf(zm)) / (2 * H);
          expect(relativeError(numeric, d[k]!), `${act}+${lossName} at ${k}`).toBeLessThan(1e-6);
        }
      });
    }
  }

  it('squared error of the tutorials is ½(a−y)² summed over outputs', () => {
    const a = Float64Array.from([0.75136507, 0.772928465]);
    const y = Float64Array.from([0.01, 0.99]);
    expect(getLoss('squaredError').sample(a, y, 0, 2)).toBeCloseTo(0.298371109, 8);
  });
});
