import { describe, expect, it } from 'vitest';
import { DenseLayer } from '../layers/denseLayer.js';
import { batchLoss } from '../losses/loss.js';
import { squaredError } from '../losses/squaredError.js';
import { Network } from '../network/network.js';
import type { ActivationName, BiasConfig } from '../contract/config.js';
import { countCorrect } from '../training/evaluate.js';
import { TINY_EPOCHS_MAX, type TinyAccuracy } from './tinyEpochs.js';
import { seededLayers } from '../testing/seededLayers.js';
import { createWasmKernels, type WasmKernels } from './wasmKernels.js';

interface Case {
  name: string;
  sizes: number[];
  activations: ActivationName[];
  bias: BiasConfig;
  batch: number;
  accuracy: TinyAccuracy;
  /** Targets: one-hot rows for argmax, 0/1 otherwise, reals for regression. */
  target: (row: number, column: number, width: number) => number;
}

const CASES: Case[] = [
  { name: 'sigmoid 3-5-1 without bias, thresholded', sizes: [3, 5, 1], activations: ['sigmoid', 'sigmoid'], bias: { kind: 'none' }, batch: 4, accuracy: 'threshold', target: (r) => r % 2 },
  { name: 'tanh/linear 2-6-3 per-neuron bias, argmax', sizes: [2, 6, 3], activations: ['tanh', 'linear'], bias: { kind: 'perNeuron' }, batch: 5, accuracy: 'argmax', target: (r, c) => (r % 3 === c ? 1 : 0) },
  { name: 'relu/tanh/linear 4-7-3-2 shared trainable bias, regression', sizes: [4, 7, 3, 2], activations: ['relu', 'tanh', 'linear'], bias: { kind: 'shared', value: 0.3, trainable: true }, batch: 3, accuracy: 'none', target: (r, c) => Math.cos(r + 2 * c) },
];

/** Two networks of one shape with the same pseudo-random weights and the same batch, in `wasm`'s memory. */
function twins(wasm: WasmKernels, c: Case): Array<{ net: Network; ws: ReturnType<Network['createWorkspace']> }> {
  return [0, 1].map(() => {
    const net = new Network(c.sizes[0]!, seededLayers(wasm, c, 11), wasm.kernels, wasm.alloc);
    const ws = net.createWorkspace(c.batch);
    for (let k = 0; k < ws.x.length; k++) ws.x[k] = Math.sin(k * 1.7) * 2;
    const width = net.outputs;
    for (let k = 0; k < ws.y.length; k++) ws.y[k] = c.target(Math.floor(k / width), k % width, width);
    return { net, ws };
  });
}

describe('tinyEpochs (whole full-batch epochs in one wasm call)', () => {
  it.each(CASES)('gives bit for bit the weights, loss and correct count of tinyStep then batchLoss and countCorrect: $name', (c) => {
    const wasm = createWasmKernels({ initialBytes: 1 << 20 });
    const [reference, fused] = twins(wasm, c);
    const epochs = 40;
    const lr = 0.3;
    const scale = 1 / c.batch;
    const width = reference!.net.outputs;
    const last = c.activations.length - 1;
    const task = c.accuracy === 'none' ? 'regression' : c.accuracy === 'argmax' ? 'multiclass' : 'binary';
    const expected: number[] = [];
    for (let e = 0; e < epochs; e++) {
      expect(wasm.tinyStep(reference!.net.layers, reference!.ws, c.batch, lr, scale, false)).toBe(true);
      const a = reference!.ws.a[last]!;
      expected.push(batchLoss(squaredError, a, reference!.ws.y, c.batch, width), countCorrect(a, reference!.ws.y, c.batch, width, task));
    }
    expect(wasm.tinyEpochs.run(fused!.net.layers, fused!.ws, c.batch, lr, scale, epochs, c.accuracy)).toBe(epochs);
    expect(Array.from(wasm.tinyEpochs.results.subarray(0, 2 * epochs))).toEqual(expected);
    if (c.accuracy !== 'none') expect(expected.some((v, k) => k % 2 === 1 && v > 0)).toBe(true);
    reference!.net.layers.forEach((layer, l) => {
      const other = fused!.net.layers[l]!;
      expect(Array.from(other.w), `w${l}`).toEqual(Array.from(layer.w));
      expect(Array.from(other.b), `b${l}`).toEqual(Array.from(layer.b));
      expect(Array.from(other.dw), `dw${l}`).toEqual(Array.from(layer.dw));
    });
  });

  it('stops after the first epoch whose loss is not finite', () => {
    const wasm = createWasmKernels({ initialBytes: 1 << 20 });
    const [reference, fused] = twins(wasm, CASES[2]!);
    const lr = 40;
    let diverged = 0;
    for (let e = 1; e <= 200 && diverged === 0; e++) {
      wasm.tinyStep(reference!.net.layers, reference!.ws, 3, lr, 1, false);
      if (!Number.isFinite(batchLoss(squaredError, reference!.ws.a[2]!, reference!.ws.y, 3, 2))) diverged = e;
    }
    expect(diverged).toBeGreaterThan(1);
    const ran = wasm.tinyEpochs.run(fused!.net.layers, fused!.ws, 3, lr, 1, 200, 'none');
    expect(ran).toBe(diverged);
    expect(Number.isFinite(wasm.tinyEpochs.results[2 * (ran - 2)]!)).toBe(true);
    expect(Number.isFinite(wasm.tinyEpochs.results[2 * (ran - 1)]!)).toBe(false);
    expect(Array.from(fused!.net.layers[0]!.w)).toEqual(Array.from(reference!.net.layers[0]!.w));
  });

  it('declines what tinyStep declines and rejects an epoch count outside 1..TINY_EPOCHS_MAX', () => {
    const wasm = createWasmKernels({ initialBytes: 1 << 20 });
    const [{ net, ws }] = twins(wasm, CASES[1]!) as [{ net: Network; ws: ReturnType<Network['createWorkspace']> }];
    net.layers[1]!.activation = { ...net.layers[1]!.activation, name: 'softmax' };
    expect(wasm.tinyEpochs.run(net.layers, ws, 5, 0.1, 1, 3, 'argmax')).toBe(0);
    const heap = new Network(2, [new DenseLayer(2, 2, 'tanh', { kind: 'perNeuron' })]);
    expect(wasm.tinyEpochs.run(heap.layers, heap.createWorkspace(2), 2, 0.1, 1, 3, 'argmax')).toBe(0);
    expect(() => wasm.tinyEpochs.run(net.layers, ws, 5, 0.1, 1, 0, 'argmax')).toThrow(/expected 1 to 256 epochs, got 0/);
    expect(() => wasm.tinyEpochs.run(net.layers, ws, 5, 0.1, 1, TINY_EPOCHS_MAX + 1, 'argmax')).toThrow(RangeError);
  });

  it('a bound run (and runOne) matches run bit for bit into the same results, rejects a bad epoch count, and returns -1, computing nothing, once the layer table is rewritten', () => {
    const wasm = createWasmKernels({ initialBytes: 1 << 20 });
    const c = CASES[1]!;
    const [reference, fused] = twins(wasm, c);
    const expected: number[] = [];
    const got: number[] = [];
    for (let k = 0; k < 3; k++) {
      expect(wasm.tinyEpochs.run(reference!.net.layers, reference!.ws, c.batch, 0.3, 1 / c.batch, 7, c.accuracy)).toBe(7);
      expected.push(...wasm.tinyEpochs.results.subarray(0, 14));
    }
    const bound = wasm.tinyEpochs.bind(fused!.net.layers, fused!.ws, c.batch, 0.3, 1 / c.batch, c.accuracy)!;
    expect(bound.results).toBe(wasm.tinyEpochs.results);
    for (let k = 0; k < 3; k++) {
      expect(bound.run(7)).toBe(7);
      got.push(...bound.results.subarray(0, 14));
    }
    expect(got).toEqual(expected);
    expect(Array.from(fused!.net.layers[0]!.w)).toEqual(Array.from(reference!.net.layers[0]!.w));
    // A run of the reference network rewrites the table: the bound pointers would be another network's.
    const before = Array.from(fused!.net.layers[0]!.w);
    wasm.tinyEpochs.run(reference!.net.layers, reference!.ws, c.batch, 0.3, 1 / c.batch, 1, c.accuracy);
    expect(bound.run(1)).toBe(-1);
    expect(Array.from(fused!.net.layers[0]!.w)).toEqual(before);
    expect(bound.runOne()).toBe(-1);
    expect(Array.from(fused!.net.layers[0]!.w)).toEqual(before);
    const again = wasm.tinyEpochs.bind(fused!.net.layers, fused!.ws, c.batch, 0.3, 1 / c.batch, c.accuracy)!;
    expect(again.run(1)).toBe(1);
    expect(Array.from(fused!.net.layers[0]!.w)).toEqual(Array.from(reference!.net.layers[0]!.w));
    // runOne is run(1) without the count check: the same epoch bit for bit, bound again after the reference's run.
    expect(wasm.tinyEpochs.run(reference!.net.layers, reference!.ws, c.batch, 0.3, 1 / c.batch, 1, c.accuracy)).toBe(1);
    const referenceEpoch = Array.from(wasm.tinyEpochs.results.subarray(0, 2));
    expect(again.runOne()).toBe(-1);
    const third = wasm.tinyEpochs.bind(fused!.net.layers, fused!.ws, c.batch, 0.3, 1 / c.batch, c.accuracy)!;
    expect(third.runOne()).toBe(1);
    expect(Array.from(third.results.subarray(0, 2))).toEqual(referenceEpoch);
    expect(Array.from(fused!.net.layers[0]!.w)).toEqual(Array.from(reference!.net.layers[0]!.w));
    for (const bad of [0, 1.5, Number.NaN, TINY_EPOCHS_MAX + 1]) expect(() => third.run(bad)).toThrow(`expected 1 to 256 epochs, got ${bad}`);
    fused!.net.layers[1]!.activation = { ...fused!.net.layers[1]!.activation, name: 'softmax' };
    expect(wasm.tinyEpochs.bind(fused!.net.layers, fused!.ws, c.batch, 0.3, 1, c.accuracy)).toBeNull();
  });
});
