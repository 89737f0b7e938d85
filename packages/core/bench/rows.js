// The bench rows, by id: each builds a function that runs one epoch of a task.
import { tsDenseKernels } from '../dist/layers/denseKernels.js';
import { createWasmKernels } from '../dist/kernels/wasmKernels.js';
import { createKernelEpoch } from './kernelsBench.js';
import { createPlainMlp } from './plainMlp.js';
import { createPublicRow } from './publicApi.js';
import { createTrainerEpoch } from './trainerBench.js';

/** `[id, label, make(task) → epoch function]`, in table order. */
export const ROWS = [
  ['plain', '(a) plain Float64Array loop', (task) => createPlainMlp(task).epoch],
  ['trainer-ts', '(b) Trainer, TS reference', (task) => createTrainerEpoch(task, 'ts')],
  ['trainer', '(c) Trainer as shipped (WASM)', (task) => createTrainerEpoch(task, 'default')],
  ['public', '(e) public API: runEpochs(n), ~5 ms a call', (task) => createPublicRow(task, 'epochs')],
  ['public-long', '(e) public API: one runEpochs(n) of ~0.5 s', (task) => createPublicRow(task, 'long')],
  ['public-train', '(e) public API: one train(n) of ~0.5 s', (task) => createPublicRow(task, 'train')],
  ['public-one', '(e) public API: runEpochs(1) an epoch', (task) => createPublicRow(task, 'one')],
  ['public-runfor', '(e) public API: runFor(8) slices', (task) => createPublicRow(task, 'runFor')],
  ['public-step', '(e) public API: stepBatch() a batch', (task) => createPublicRow(task, 'step')],
  ['public-worker', '(e) worker loop: runForInto(8, ≤2048), tick handed over', (task) => createPublicRow(task, 'worker')],
  ['internal', '(f) fastest internal path (no records, no clock)', (task) => createPublicRow(task, 'internal')],
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
