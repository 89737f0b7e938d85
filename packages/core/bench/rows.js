// The bench rows, by id: each builds a function that runs one epoch of a task.
import { tsDenseKernels } from '../dist/layers/denseKernels.js';
import { createWasmKernels } from '../dist/kernels/wasmKernels.js';
import { createKernelEpoch } from './kernelsBench.js';
import { createPlainMlp } from './plainMlp.js';
import { createTrainerEpoch } from './trainerBench.js';

/** `[id, label, make(task) → epoch function]`, in table order. */
export const ROWS = [
  ['plain', '(a) plain Float64Array loop', (task) => createPlainMlp(task).epoch],
  ['trainer-ts', '(b) Trainer, TS kernels', (task) => createTrainerEpoch(task, 'ts')],
  ['trainer-wasm', '(c) Trainer, WASM kernels', (task) => createTrainerEpoch(task, 'wasm')],
  ['trainer-wasm-act', '(c+) … + WASM tanh/sigmoid', (task) => createTrainerEpoch(task, 'wasm-act')],
  ['kernels-ts', '(d) kernels only, TS', (task) => createKernelEpoch(task, tsDenseKernels)],
  ['kernels-simd', '(d) kernels only, WASM SIMD', (task) => {
    const wasm = createWasmKernels();
    return createKernelEpoch(task, wasm.simd, wasm.alloc);
  }],
  ['kernels-auto', '(d) kernels only, WASM auto', (task) => {
    const wasm = createWasmKernels();
    return createKernelEpoch(task, wasm.kernels, wasm.alloc);
  }],
];
