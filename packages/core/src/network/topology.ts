import { initRow } from '../layers/init.js';
import type { Rng } from '../rng/rng.js';
import type { InitConfig } from '../contract/config.js';
import type { Network } from './network.js';
import { identityMap, mapResized, remapLayer } from './resizeLayer.js';

/**
 * Resizes a {@link Network} to a new dataset, in place. Every surviving weight keeps its value and optimizer
 * state; replaced layers' buffers go back to the network's allocator. Layer and activation edits that keep the
 * outputs are in `editPlans.ts`.
 */

/** Changes the input width (a new dataset): surviving columns kept, new input columns start at zero weight. */
export function resizeInputs(net: Network, inputs: number): void {
  const first = net.layers[0]!;
  net.layers[0] = remapLayer(first, identityMap(first.outputs), mapResized(first.inputs, inputs), net.allocate);
  net.releaseLayer(first);
  net.inputs = inputs;
  net.shapeVersion++;
}

/** Changes the output width (a new dataset): surviving output neurons kept, new ones drawn from `init`. */
export function resizeOutputs(net: Network, outputs: number, init: InitConfig, rng: Rng): void {
  const l = net.layers.length - 1;
  const last = net.layers[l]!;
  const resized = remapLayer(last, mapResized(last.outputs, outputs), identityMap(last.inputs), net.allocate);
  for (let o = last.outputs; o < outputs; o++) initRow(resized, o, init, rng);
  net.layers[l] = resized;
  net.releaseLayer(last);
  net.shapeVersion++;
}
