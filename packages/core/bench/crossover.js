// `node bench/crossover.js`: nanoseconds per kernel call, TypeScript vs WASM SIMD, on arena buffers, by layer size.
// It sets DEFAULT_MIN_WASM_WORK: below the crossover the JS→wasm call costs more than SIMD saves.
import { tsDenseKernels } from '../dist/layers/denseKernels.js';
import { createWasmKernels } from '../dist/kernels/wasmKernels.js';
import { measure } from './harness.js';

const SHAPES = [[4, 3, 5], [4, 5, 1], [10, 2, 16], [10, 16, 16], [10, 16, 1], [16, 16, 16], [32, 32, 32], [64, 128, 10]];
const wasm = createWasmKernels();
const fill = (view) => {
  for (let i = 0; i < view.length; i++) view[i] = Math.cos(i * 7.31) * 0.5;
  return view;
};

const rows = [['batch×in→out', 'work', 'kernel', 'TS ns', 'WASM ns', 'WASM/TS']];
for (const [batch, inputs, outputs] of SHAPES) {
  const w = fill(wasm.alloc(inputs * outputs)), b = fill(wasm.alloc(outputs)), x = fill(wasm.alloc(batch * inputs));
  const z = wasm.alloc(batch * outputs), dz = fill(wasm.alloc(batch * outputs));
  const dw = wasm.alloc(inputs * outputs), dx = wasm.alloc(batch * inputs);
  const calls = {
    forward: (k) => k.denseForward(w, b, x, z, batch, inputs, outputs),
    weights: (k) => k.denseBackwardWeights(dz, x, dw, batch, inputs, outputs),
    input: (k) => k.denseBackwardInput(w, dz, dx, batch, inputs, outputs),
  };
  for (const [name, call] of Object.entries(calls)) {
    const ns = (kernels) => 1e9 / measure((n) => {
      for (let k = 0; k < n; k++) call(kernels);
    });
    const ts = ns(tsDenseKernels), simd = ns(wasm.simd);
    rows.push([`${batch}×${inputs}→${outputs}`, String(batch * inputs * outputs), name, ts.toFixed(0), simd.toFixed(0), (simd / ts).toFixed(2)]);
  }
}
for (const row of rows) process.stdout.write(`${row.map((c, i) => (i < 3 ? c.padEnd(14) : c.padStart(9))).join(' ')}\n`);
