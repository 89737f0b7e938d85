import { DenseLayer } from '../layers/denseLayer.js';
import type { WasmKernels } from '../kernels/wasmKernels.js';
import type { ActivationName, BiasConfig } from '../contract/config.js';

/** A test network's shape: `sizes` are units per column, inputs first. */
export interface LayerShape {
  sizes: number[];
  activations: ActivationName[];
  bias: BiasConfig;
}

/** Dense layers of `shape` in `wasm`'s memory with weights (and per-neuron biases) from a seeded Park–Miller stream in [-1, 1). */
export function seededLayers(wasm: WasmKernels, shape: LayerShape, seed: number): DenseLayer[] {
  let state = seed;
  const next = (): number => ((state = (state * 16807) % 2147483647) / 2147483647) * 2 - 1;
  return shape.activations.map((activation, l) => {
    const layer = new DenseLayer(shape.sizes[l]!, shape.sizes[l + 1]!, activation, shape.bias, wasm.alloc);
    for (let k = 0; k < layer.w.length; k++) layer.w[k] = next();
    if (shape.bias.kind === 'perNeuron') for (let k = 0; k < layer.b.length; k++) layer.b[k] = next();
    return layer;
  });
}
