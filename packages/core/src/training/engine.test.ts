import { describe, expect, it } from 'vitest';
import { Trainer, createWasmKernels, getPreset, tsDenseKernels, type DenseKernels, type ExperimentConfig } from '../index.js';

function spiral(samples = 200): ExperimentConfig {
  const config = getPreset('spiral')!;
  config.dataset.samples = samples;
  return config;
}

function weightsOf(trainer: Trainer): number[] {
  return trainer.snapshot({ grid: 0 }).layers.flatMap((layer) => [...layer.weights, ...layer.bias]);
}

describe('Trainer backends', () => {
  it('runs the WASM SIMD backend by default, the TypeScript reference on request, and custom kernels as given', () => {
    const wasm = createWasmKernels({ initialBytes: 1 << 20 });
    expect(new Trainer(spiral()).backend).toBe('wasm');
    expect(new Trainer(spiral(), { kernels: tsDenseKernels }).backend).toBe('typescript');
    expect(new Trainer(spiral(), { kernels: wasm.kernels, allocate: wasm.alloc }).backend).toBe('custom');
  });

  it('trains a tanh/sigmoid network on the default path to within 1e-9 of the TypeScript reference', () => {
    const fast = new Trainer(spiral());
    const reference = new Trainer(spiral(), { kernels: tsDenseKernels });
    const a = fast.runEpochs(3);
    const b = reference.runEpochs(3);
    a.forEach((m, k) => expect(Math.abs(m.trainLoss - b[k]!.trainLoss)).toBeLessThan(1e-9));
    const wb = weightsOf(reference);
    weightsOf(fast).forEach((w, k) => expect(Math.abs(w - wb[k]!)).toBeLessThan(1e-9));
  });

  it('routes tanh and sigmoid through the SIMD activations when the buffers live in wasm memory', () => {
    const wasm = createWasmKernels({ initialBytes: 1 << 20 });
    const routed = new Set<string>();
    const counting: DenseKernels = {
      ...wasm.kernels,
      activationForward(name, z, a, count) {
        const done = wasm.kernels.activationForward!(name, z, a, count);
        if (done) routed.add(name);
        return done;
      },
    };
    new Trainer(spiral(), { kernels: counting, allocate: wasm.alloc }).runEpochs(1);
    expect([...routed].sort()).toEqual(['sigmoid', 'tanh']);
    routed.clear();
    new Trainer(spiral(), { kernels: counting }).runEpochs(1);
    expect(routed.size).toBe(0);
  });
});

describe('Trainer wasm memory', () => {
  const edits = [
    { what: 'addNeuron', layer: 0 },
    { what: 'removeNeuron', layer: 0, neuron: 16 },
    { what: 'addLayer', index: 1, units: 8, activation: 'tanh' },
    { what: 'removeLayer', index: 1 },
    { what: 'batchSize', value: 7 },
    { what: 'batchSize', value: 10 },
  ] as const;

  function cycle(trainer: Trainer): void {
    for (const change of edits) expect(trainer.apply(change).ok).toBe(true);
    trainer.traceStep('batch');
    trainer.reset('reinit');
    trainer.reset('replay');
    trainer.runEpochs(1);
  }

  it('gives replaced layer and workspace buffers back, so edits and resets do not grow the memory', () => {
    const wasm = createWasmKernels({ initialBytes: 1 << 20 });
    const trainer = new Trainer(spiral(), { kernels: wasm.kernels, allocate: wasm.alloc, free: wasm.free });
    trainer.runEpochs(1);
    const inUse = wasm.arena.bytesInUse;
    cycle(trainer);
    const reserved = wasm.arena.bytesReserved;
    for (let k = 0; k < 10; k++) cycle(trainer);
    expect(wasm.arena.bytesInUse).toBe(inUse);
    expect(wasm.arena.bytesReserved).toBe(reserved);
  });

  it('keeps every replaced buffer allocated when no free is given (the growth the default path avoids)', () => {
    const wasm = createWasmKernels({ initialBytes: 1 << 20 });
    const trainer = new Trainer(spiral(), { kernels: wasm.kernels, allocate: wasm.alloc });
    trainer.runEpochs(1);
    const inUse = wasm.arena.bytesInUse;
    cycle(trainer);
    expect(wasm.arena.bytesInUse).toBeGreaterThan(inUse);
  });
});
