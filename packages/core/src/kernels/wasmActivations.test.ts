import { describe, expect, it } from 'vitest';
import { createWasmKernels } from './wasmKernels.js';

const references = {
  tanh: Math.tanh,
  sigmoid: (z: number) => 1 / (1 + Math.exp(-z)),
} as const;

/** Wide-ranging inputs: tiny, moderate, large, both signs, odd count so the scalar tail runs too. */
function inputs(): number[] {
  const values: number[] = [];
  for (let k = -2000; k <= 2000; k++) values.push(k * 1e-3, k * 1e-9, k * 0.37, k * 1e-3 + 1e-300);
  values.push(19.99, 20.01, -40, 700, -700, -707.9);
  return values;
}

describe('WASM SIMD activations', () => {
  const k = createWasmKernels({ initialBytes: 1 << 20 });

  for (const name of ['tanh', 'sigmoid'] as const) {
    it(`${name} is within 5e-16 relative of the Math reference across the range`, () => {
      const values = inputs();
      const z = k.alloc(values.length);
      z.set(values);
      const a = k.alloc(values.length);
      k.activations[name](z, a, values.length);
      let worst = 0;
      for (let i = 0; i < values.length; i++) {
        const expected = references[name](values[i]!);
        const error = Math.abs(a[i]! - expected);
        // Sigmoid is documented as 0 below −708, where the reference is itself a subnormal under 1e-307.
        if (Math.abs(expected) < 1e-300) expect(error).toBeLessThan(1e-300);
        else worst = Math.max(worst, error / Math.abs(expected));
      }
      expect(worst).toBeLessThan(5e-16);
    });

    it(`${name} keeps NaN as NaN and maps ±Infinity to its limits`, () => {
      const z = k.alloc(9);
      z.set([Number.NaN, Infinity, -Infinity, 0, 0.5, 0.5, 0.5, 0.5, Number.NaN]);
      const a = k.alloc(9);
      k.activations[name](z, a, 9);
      const low = name === 'tanh' ? -1 : 0;
      expect([a[0], a[1], a[2], a[8]]).toEqual([Number.NaN, 1, low, Number.NaN]);
      expect(Object.is(a[3], name === 'tanh' ? 0 : 0.5)).toBe(true);
    });
  }

  it('tanh is odd to the bit and sigmoid is exactly 0 below −708', () => {
    const z = k.alloc(8);
    z.set([0.3, -0.3, 5, -5, 1e-12, -1e-12, -709, -800]);
    const a = k.alloc(8);
    k.activations.tanh(z, a, 6);
    expect([a[0], a[2], a[4]]).toEqual([-a[1]!, -a[3]!, -a[5]!]);
    k.activations.sigmoid(z, a, 8);
    expect([a[6], a[7]]).toEqual([0, 0]);
  });

  it('computes in place and falls back to Math for arrays outside wasm memory', () => {
    const values = [-3, -1, -0.25, 0.1, 0.7, 2, 4, 9, 11];
    const inPlace = k.alloc(values.length);
    inPlace.set(values);
    k.activations.sigmoid(inPlace, inPlace, values.length);
    const plain = Float64Array.from(values);
    k.activations.sigmoid(plain, plain, values.length);
    for (let i = 0; i < values.length; i++) {
      expect(Math.abs(inPlace[i]! - references.sigmoid(values[i]!))).toBeLessThan(5e-16);
      expect(plain[i]).toBe(references.sigmoid(values[i]!));
    }
  });
});
