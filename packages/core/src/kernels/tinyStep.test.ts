import { describe, expect, it } from 'vitest';
import { Trainer, getPreset, tsDenseKernels } from '../index.js';
import { DenseLayer } from '../layers/denseLayer.js';
import { getLoss } from '../losses/registry.js';
import { outputDelta } from '../losses/outputDelta.js';
import { Network } from '../network/network.js';
import { optimizerStep } from '../optimizers/step.js';
import type { ActivationName, BiasConfig, LossName } from '../contract/config.js';
import { seededLayers } from '../testing/seededLayers.js';
import { createWasmKernels, type WasmKernels } from './wasmKernels.js';

interface Case {
  name: string;
  sizes: number[];
  activations: ActivationName[];
  bias: BiasConfig;
  loss: LossName;
  batch: number;
}

const CASES: Case[] = [
  { name: 'sigmoid 3-5-1 without bias (xor)', sizes: [3, 5, 1], activations: ['sigmoid', 'sigmoid'], bias: { kind: 'none' }, loss: 'squaredError', batch: 4 },
  { name: 'tanh/linear 2-6-2 per-neuron bias', sizes: [2, 6, 2], activations: ['tanh', 'linear'], bias: { kind: 'perNeuron' }, loss: 'squaredError', batch: 5 },
  { name: 'relu/tanh/sigmoid 4-7-3-1, shared trainable bias', sizes: [4, 7, 3, 1], activations: ['relu', 'tanh', 'sigmoid'], bias: { kind: 'shared', value: 0.3, trainable: true }, loss: 'squaredError', batch: 3 },
  { name: 'sigmoid + cross-entropy 2-3-2, frozen shared bias', sizes: [2, 3, 2], activations: ['sigmoid', 'sigmoid'], bias: { kind: 'shared', value: 0.35, trainable: false }, loss: 'binaryCrossEntropy', batch: 2 },
];

/** Two networks of one shape with the same pseudo-random weights in `wasm`'s memory. */
function twins(wasm: WasmKernels, c: Case): [Network, Network] {
  const build = (): Network => new Network(c.sizes[0]!, seededLayers(wasm, c, 7), wasm.kernels, wasm.alloc);
  return [build(), build()];
}

function fillBatch(net: Network, c: Case): ReturnType<Network['createWorkspace']> {
  const ws = net.createWorkspace(c.batch);
  for (let k = 0; k < ws.x.length; k++) ws.x[k] = Math.sin(k * 1.7) * 2;
  for (let k = 0; k < ws.y.length; k++) ws.y[k] = k % 3 === 0 ? 1 : 0;
  return ws;
}

function expectClose(actual: Float64Array, expected: Float64Array, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) {
    expect(Math.abs(actual[k]! - expected[k]!), `${what}[${k}]: ${actual[k]} vs ${expected[k]}`).toBeLessThanOrEqual(1e-14 * (1 + Math.abs(expected[k]!)));
  }
}

describe('tinyStep (fused wasm step of a small network)', () => {
  it.each(CASES)('leaves weights, gradients, activations and deltas as the layer-by-layer path does: $name', (c) => {
    const wasm = createWasmKernels({ initialBytes: 1 << 20 });
    const [reference, fused] = twins(wasm, c);
    const wsRef = fillBatch(reference, c);
    const wsFused = fillBatch(fused, c);
    const loss = getLoss(c.loss);
    const last = c.activations.length - 1;
    const scale = 1 / c.batch;
    const lr = 0.7;
    for (let step = 1; step <= 3; step++) {
      const a = reference.forward(wsRef, c.batch);
      outputDelta(loss, reference.layers[last]!.activation, wsRef.z[last]!, a, wsRef.y, wsRef.d[last]!, c.batch, c.sizes[last + 1]!, scale);
      reference.backward(wsRef, c.batch);
      for (const layer of reference.layers) optimizerStep(layer, { kind: 'sgd', learningRate: lr }, step);
      const combined = c.loss === 'binaryCrossEntropy';
      expect(wasm.tinyStep(fused.layers, wsFused, c.batch, lr, scale, combined)).toBe(true);
    }
    reference.layers.forEach((layer, l) => {
      const other = fused.layers[l]!;
      expectClose(other.w, layer.w, `w${l}`);
      expectClose(other.b, layer.b, `b${l}`);
      expectClose(other.dw, layer.dw, `dw${l}`);
      expectClose(other.db, layer.db, `db${l}`);
      expectClose(wsFused.a[l]!, wsRef.a[l]!, `a${l}`);
      expectClose(wsFused.d[l]!, wsRef.d[l]!, `d${l}`);
    });
  });

  it('declines softmax, leaky ReLU, networks over the work limit and buffers outside its memory', () => {
    const wasm = createWasmKernels({ initialBytes: 1 << 20 });
    const c = CASES[1]!;
    const [net] = twins(wasm, c);
    const ws = fillBatch(net, c);
    expect(wasm.tinyStep(net.layers, ws, c.batch, 0.1, 1, false)).toBe(true);
    net.layers[1]!.activation = { ...net.layers[1]!.activation, name: 'softmax' };
    expect(wasm.tinyStep(net.layers, ws, c.batch, 0.1, 1, false)).toBe(false);
    net.layers[1]!.activation = { ...net.layers[1]!.activation, name: 'leakyRelu' };
    expect(wasm.tinyStep(net.layers, ws, c.batch, 0.1, 1, false)).toBe(false);

    const big = new Network(64, [new DenseLayer(64, 32, 'tanh', { kind: 'perNeuron' }, wasm.alloc)], wasm.kernels, wasm.alloc);
    expect(wasm.tinyStep(big.layers, big.createWorkspace(8), 8, 0.1, 1, false)).toBe(false);

    const heap = new Network(2, [new DenseLayer(2, 2, 'tanh', { kind: 'perNeuron' })]);
    expect(wasm.tinyStep(heap.layers, heap.createWorkspace(2), 2, 0.1, 1, false)).toBe(false);
  });
});

describe('default Trainer on the tutorial presets (fused tiny steps)', () => {
  it.each(['mavicc-xor', 'cavar-xor', 'punnen-xor', 'mazur-2-2-2', 'cavar-2-3-2'])('%s trains to within 1e-9 of the TypeScript reference over 200 epochs', (name) => {
    const fast = new Trainer(getPreset(name)!);
    const reference = new Trainer(getPreset(name)!, { kernels: tsDenseKernels });
    expect(fast.backend).toBe('wasm');
    const a = fast.runEpochs(200);
    const b = reference.runEpochs(200);
    a.forEach((m, k) => expect(Math.abs(m.trainLoss - b[k]!.trainLoss)).toBeLessThan(1e-9));
    const wa = fast.snapshot({ grid: 0 }).layers;
    const wb = reference.snapshot({ grid: 0 }).layers;
    wa.forEach((layer, l) => layer.weights.forEach((w, k) => expect(Math.abs(w - wb[l]!.weights[k]!)).toBeLessThan(1e-9)));
  });
});
