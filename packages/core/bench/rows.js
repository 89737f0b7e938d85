// The bench rows, by id: each builds a function that runs one epoch of a task.
import { tsDenseKernels } from '../dist/layers/denseKernels.js';
import { createWasmKernels } from '../dist/kernels/wasmKernels.js';
import { createKernelEpoch } from './kernelsBench.js';
import { createPlainMlp } from './plainMlp.js';
import { createTrainerEpoch } from './trainerBench.js';

/** `[id, label, make(task) → epoch function]`, in table order. */
export const ROWS = [
  ['plain', '(a) plain Float64Array loop', (task) => createPlainMlp(task).epoch],
  ['trainer-ts', '(b) Trainer, TS reference', (task) => createTrainerEpoch(task, 'ts')],
  ['trainer', '(c) Trainer as shipped (WASM)', (task) => createTrainerEpoch(task, 'default')],
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
