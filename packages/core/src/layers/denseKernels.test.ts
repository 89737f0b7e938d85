import { describe, expect, it } from 'vitest';
import { MT19937 } from '../rng/mt19937.js';
import { denseBackwardInput, denseBackwardWeights, denseForward } from './denseKernels.js';

function random(n: number, rng: MT19937): Float64Array {
  const v = new Float64Array(n);
  for (let k = 0; k < n; k++) v[k] = 2 * rng.random() - 1;
  return v;
}

describe('dense kernels compute their defining sums', () => {
  const batch = 3;
  const inputs = 5;
  const outputs = 4;
  const rng = new MT19937(2);
  const w = random(outputs * inputs, rng);
  const x = random(batch * inputs, rng);
  const dz = random(batch * outputs, rng);

  for (const biasLength of [0, 1, outputs]) {
    it(`denseForward with a bias of length ${biasLength}`, () => {
      const b = random(biasLength, rng);
      const z = new Float64Array(batch * outputs);
      denseForward(w, b, x, z, batch, inputs, outputs);
      for (let r = 0; r < batch; r++) {
        for (let o = 0; o < outputs; o++) {
          let s = biasLength === 0 ? 0 : biasLength === 1 ? b[0]! : b[o]!;
          for (let i = 0; i < inputs; i++) s += x[r * inputs + i]! * w[o * inputs + i]!;
          expect(z[r * outputs + o]).toBeCloseTo(s, 14);
        }
      }
    });
  }

  it('denseBackwardWeights overwrites dw with Σ_b dz·x', () => {
    const dw = new Float64Array(outputs * inputs).fill(99);
    denseBackwardWeights(dz, x, dw, batch, inputs, outputs);
    for (let o = 0; o < outputs; o++) {
      for (let i = 0; i < inputs; i++) {
        let s = 0;
        for (let r = 0; r < batch; r++) s += dz[r * outputs + o]! * x[r * inputs + i]!;
        expect(dw[o * inputs + i]).toBeCloseTo(s, 14);
      }
    }
  });

  it('denseBackwardInput overwrites dx with Σ_o dz·w', () => {
    const dx = new Float64Array(batch * inputs).fill(99);
    denseBackwardInput(w, dz, dx, batch, inputs, outputs);
    for (let r = 0; r < batch; r++) {
      for (let i = 0; i < inputs; i++) {
        let s = 0;
        for (let o = 0; o < outputs; o++) s += dz[r * outputs + o]! * w[o * inputs + i]!;
        expect(dx[r * inputs + i]).toBeCloseTo(s, 14);
      }
    }
  });
});
