import { describe, expect, it } from 'vitest';
import { denseBackwardInput, denseBackwardWeights, denseForward } from '../layers/denseKernels.js';
import { createWasmKernels, type WasmKernels } from './wasmKernels.js';

/** Deterministic values in [-1, 1) so failures reproduce. */
function fillRandom(view: Float64Array, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  for (let i = 0; i < view.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    view[i] = ((s >>> 0) / 2 ** 32) * 2 - 1;
  }
  return view;
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function wasmCopy(k: WasmKernels, source: Float64Array): Float64Array {
  const view = k.alloc(source.length);
  view.set(source);
  return view;
}

/** [batch, inputs, outputs]: odd sizes, ones, and sizes that fill every blocked loop and every edge. */
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [1, 2, 1], [1, 1, 7], [2, 1, 4], [3, 5, 2], [4, 4, 4], [5, 3, 9], [7, 13, 5], [8, 16, 16],
  [10, 2, 16], [10, 16, 1], [9, 31, 17], [64, 784, 10], [6, 130, 11], [1, 37, 8], [13, 4, 3],
];

describe('WASM SIMD dense kernels', () => {
  const k = createWasmKernels({ initialBytes: 1 << 20 });

  for (const [batch, inputs, outputs] of SHAPES) {
    for (const biasLength of [0, 1, outputs]) {
      it(`forward matches the TypeScript reference to 1e-12 for batch ${batch}, ${inputs}→${outputs}, bias length ${biasLength}`, () => {
        const seed = batch * 1_000_003 + inputs * 1009 + outputs * 31 + biasLength;
        const w = fillRandom(new Float64Array(outputs * inputs), seed);
        const b = fillRandom(new Float64Array(biasLength), seed + 1);
        const x = fillRandom(new Float64Array(batch * inputs), seed + 2);
        const expected = new Float64Array(batch * outputs);
        denseForward(w, b, x, expected, batch, inputs, outputs);
        const z = fillRandom(k.alloc(batch * outputs), seed + 3);
        k.simd.denseForward(wasmCopy(k, w), wasmCopy(k, b), wasmCopy(k, x), z, batch, inputs, outputs);
        expect(maxAbsDiff(z, expected)).toBeLessThan(1e-12);
      });
    }

    it(`backward weights and input match the TypeScript reference to 1e-12 for batch ${batch}, ${inputs}→${outputs}`, () => {
      const seed = batch * 7919 + inputs * 104_729 + outputs;
      const w = fillRandom(new Float64Array(outputs * inputs), seed);
      const x = fillRandom(new Float64Array(batch * inputs), seed + 1);
      const dz = fillRandom(new Float64Array(batch * outputs), seed + 2);
      const dwExpected = new Float64Array(outputs * inputs);
      const dxExpected = new Float64Array(batch * inputs);
      denseBackwardWeights(dz, x, dwExpected, batch, inputs, outputs);
      denseBackwardInput(w, dz, dxExpected, batch, inputs, outputs);
      // Stale garbage in the outputs proves the kernels overwrite rather than accumulate.
      const dw = fillRandom(k.alloc(outputs * inputs), seed + 3);
      const dx = fillRandom(k.alloc(batch * inputs), seed + 4);
      const dzWasm = wasmCopy(k, dz);
      k.simd.denseBackwardWeights(dzWasm, wasmCopy(k, x), dw, batch, inputs, outputs);
      k.simd.denseBackwardInput(wasmCopy(k, w), dzWasm, dx, batch, inputs, outputs);
      expect(maxAbsDiff(dw, dwExpected)).toBeLessThan(1e-12);
      expect(maxAbsDiff(dx, dxExpected)).toBeLessThan(1e-12);
    });
  }

  it('writes nothing outside the output rows it was given', () => {
    const [batch, inputs, outputs] = [5, 9, 6];
    const w = fillRandom(k.alloc(outputs * inputs), 1);
    const x = fillRandom(k.alloc(batch * inputs), 2);
    const guarded = k.alloc(batch * outputs + 4).fill(7);
    const z = guarded.subarray(2, 2 + batch * outputs);
    k.simd.denseForward(w, k.alloc(0), x, z, batch, inputs, outputs);
    expect([guarded[0], guarded[1], guarded[guarded.length - 2], guarded[guarded.length - 1]]).toEqual([7, 7, 7, 7]);
  });

  it('runs the reference on arrays outside wasm memory and the SIMD kernel on arena arrays, with equal results', () => {
    const [batch, inputs, outputs] = [32, 40, 24];
    const w = fillRandom(new Float64Array(outputs * inputs), 5);
    const x = fillRandom(new Float64Array(batch * inputs), 6);
    const plainZ = new Float64Array(batch * outputs);
    k.kernels.denseForward(w, new Float64Array(outputs), x, plainZ, batch, inputs, outputs);
    const arenaZ = k.alloc(batch * outputs);
    k.kernels.denseForward(wasmCopy(k, w), k.alloc(outputs), wasmCopy(k, x), arenaZ, batch, inputs, outputs);
    expect(maxAbsDiff(arenaZ, plainZ)).toBeLessThan(1e-12);
  });

  it('dispatches calls under minWork to the reference bit for bit, and larger ones to SIMD', () => {
    const tiny = createWasmKernels({ initialBytes: 1 << 20, minWork: 64 });
    const run = (batch: number, inputs: number, outputs: number) => {
      const w = fillRandom(tiny.alloc(outputs * inputs), batch + inputs);
      const x = fillRandom(tiny.alloc(batch * inputs), outputs + 3);
      const z = tiny.alloc(batch * outputs);
      const expected = new Float64Array(batch * outputs);
      tiny.kernels.denseForward(w, tiny.alloc(0), x, z, batch, inputs, outputs);
      denseForward(w, new Float64Array(0), x, expected, batch, inputs, outputs);
      return { z, expected };
    };
    const small = run(2, 5, 6);
    expect([...small.z]).toEqual([...small.expected]);
    const large = run(4, 33, 8);
    expect(maxAbsDiff(large.z, large.expected)).toBeLessThan(1e-12);
    expect([...large.z]).not.toEqual([...large.expected]);
  });

  it('refuses a foreign array on the SIMD path, naming the argument', () => {
    const w = k.alloc(4);
    expect(() => k.simd.denseForward(w, k.alloc(0), new Float64Array(2), k.alloc(2), 1, 2, 2)).toThrow(/x must come from/);
  });

  it('refuses a buffer too short for the shape, naming it and both sizes', () => {
    expect(() => k.simd.denseBackwardInput(k.alloc(6), k.alloc(3), k.alloc(3), 2, 2, 3)).toThrow(
      'denseBackwardInput: dz needs 6 values for this shape, got 3',
    );
  });

  it('keeps earlier views valid and computing after the memory grows', () => {
    const small = createWasmKernels({ initialBytes: 65_536 });
    const [batch, inputs, outputs] = [4, 8, 8];
    const w = fillRandom(small.alloc(outputs * inputs), 11);
    const x = fillRandom(small.alloc(batch * inputs), 12);
    const before = small.arena.bytesReserved;
    const big = small.alloc(200_000);
    expect(small.arena.bytesReserved).toBeGreaterThan(before);
    big.fill(1);
    const z = small.alloc(batch * outputs);
    small.simd.denseForward(w, small.alloc(0), x, z, batch, inputs, outputs);
    const expected = new Float64Array(batch * outputs);
    denseForward(w, new Float64Array(0), x, expected, batch, inputs, outputs);
    expect(w.length).toBe(outputs * inputs);
    expect(maxAbsDiff(z, expected)).toBeLessThan(1e-12);
  });
});
