import { initLayer, initRow } from '../layers/init.js';
import type { Rng } from '../rng/rng.js';
import type { ActivationName, InitConfig } from '../contract/config.js';
import { DenseLayer } from '../layers/denseLayer.js';
import type { Network } from './network.js';
import { identityMap, mapResized, mapWithout, remapLayer } from './resizeLayer.js';

/**
 * Function-preserving topology edits on a {@link Network}, in place. Every surviving weight keeps its
 * value and optimizer state; replaced layers' buffers go back to the network's allocator.
 * Layer indices count the network's layers (0 = first hidden).
 */

function widthBefore(net: Network, layer: number): number {
  return layer === 0 ? net.inputs : net.layers[layer - 1]!.outputs;
}

/**
 * Adds neuron at the end of hidden layer `layer`: random incoming weights (so it can learn something
 * its siblings do not), zero bias, and zero outgoing weights, so the network's outputs are unchanged.
 */
export function addNeuron(net: Network, layer: number, init: InitConfig, rng: Rng): void {
  const src = net.layers[layer]!;
  const grown = remapLayer(src, identityMap(src.outputs, 1), identityMap(src.inputs), net.allocate);
  initRow(grown, src.outputs, init, rng);
  const next = net.layers[layer + 1]!;
  net.layers[layer] = grown;
  net.layers[layer + 1] = remapLayer(next, identityMap(next.outputs), identityMap(next.inputs, 1), net.allocate);
  net.releaseLayer(src);
  net.releaseLayer(next);
  net.shapeVersion++;
}

/** Removes neuron `neuron` of hidden layer `layer` with its incoming and outgoing weights. */
export function removeNeuron(net: Network, layer: number, neuron: number): void {
  const src = net.layers[layer]!;
  const next = net.layers[layer + 1]!;
  net.layers[layer] = remapLayer(src, mapWithout(src.outputs, neuron), identityMap(src.inputs), net.allocate);
  net.layers[layer + 1] = remapLayer(next, identityMap(next.outputs), mapWithout(next.inputs, neuron), net.allocate);
  net.releaseLayer(src);
  net.releaseLayer(next);
  net.shapeVersion++;
}

/**
 * Inserts a hidden layer before layer `index`. A relu or linear layer at least as wide as its input
 * starts as the identity (weights `[I; 0]`, zero bias, the next layer's new columns zero), so outputs are
 * unchanged — exactly for linear, and for relu whenever its inputs are ≥ 0 (after relu, sigmoid, or
 * non-negative raw inputs); negative inputs are clipped to 0 and the function changes. Any other layer
 * is drawn from `init` and the following layer keeps its overlapping columns.
 */
export function insertLayer(net: Network, index: number, units: number, activation: ActivationName, init: InitConfig, rng: Rng): void {
  const fanIn = widthBefore(net, index);
  const layer = new DenseLayer(fanIn, units, activation, { kind: 'perNeuron' }, net.allocate);
  const identity = (activation === 'relu' || activation === 'linear') && units >= fanIn;
  if (identity) for (let k = 0; k < fanIn; k++) layer.w[k * fanIn + k] = 1;
  else initLayer(layer, init.kind === 'numpyRandom' || init.kind === 'constant' ? { kind: 'xavier' } : init, rng, rng);
  const next = net.layers[index]!;
  net.layers.splice(index, 0, layer);
  net.layers[index + 1] = remapLayer(next, identityMap(next.outputs), mapResized(fanIn, units), net.allocate);
  net.releaseLayer(next);
  net.shapeVersion++;
}

/** Removes hidden layer `index`; the following layer keeps the columns that still have an input. */
export function removeLayer(net: Network, index: number): void {
  const fanIn = widthBefore(net, index);
  const next = net.layers[index + 1]!;
  const [removed] = net.layers.splice(index, 1);
  net.layers[index] = remapLayer(next, identityMap(next.outputs), mapResized(next.inputs, fanIn), net.allocate);
  net.releaseLayer(removed!);
  net.releaseLayer(next);
  net.shapeVersion++;
}

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
