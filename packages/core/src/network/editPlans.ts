import { getActivation } from '../activations/registry.js';
import { DenseLayer } from '../layers/denseLayer.js';
import { initLayer, initRow } from '../layers/init.js';
import type { Rng } from '../rng/rng.js';
import type { ActivationName, InitConfig } from '../contract/config.js';
import { inputStats, preActivationStats, type InputRows, type UnitStats } from './dataPass.js';
import type { Network } from './network.js';
import { identityMap, mapResized, mapWithout, remapLayer } from './resizeLayer.js';
import { PLAIN, affineOnData, applyWraps, exactSwap, identityThrough, scaleWrap, wrapFits, type UnitWrap } from './unitWrap.js';

/**
 * A topology or activation edit worked out beside the network, not yet in it: the full new layer list,
 * and the layers made for it (to release if it is not taken).
 */
export interface EditPlan {
  layers: DenseLayer[];
  created: DenseLayer[];
}

function widthBefore(net: Network, layer: number): number {
  return layer === 0 ? net.inputs : net.layers[layer - 1]!.outputs;
}

function copyLayer(net: Network, src: DenseLayer): DenseLayer {
  return remapLayer(src, identityMap(src.outputs), identityMap(src.inputs), net.allocate);
}

function replaced(net: Network, at: number, count: number, created: DenseLayer[]): EditPlan {
  const layers = [...net.layers];
  layers.splice(at, count, ...created);
  return { layers, created };
}

/** A unit's data range, or [-1, 1] when the data has no rows. */
function range(stats: UnitStats, k: number): [number, number] {
  return stats.rows === 0 ? [-1, 1] : [stats.lo[k]!, stats.hi[k]!];
}

/** Keeps only the wraps both layers' biases can hold; the others leave their unit as it is. */
function fitWraps(wraps: UnitWrap[], layer: DenseLayer, next: DenseLayer): UnitWrap[] {
  return wraps.map((w) => (wrapFits(w, layer, next) ? w : PLAIN));
}

/** A new hidden unit learns from random incoming weights; its outgoing weights are zero, so it adds nothing yet. */
function randomRows(layer: DenseLayer, from: number, init: InitConfig, rng: Rng): void {
  for (let k = from; k < layer.outputs; k++) initRow(layer, k, init, rng);
}

/**
 * Inserts a hidden layer before layer `index` as a stand-in for the identity. A layer at least as wide as its
 * input carries that input; a narrower one at least as wide as the next layer carries the next layer's
 * pre-activation (the next layer then reads it through the identity). Each carried unit goes through
 * {@link identityThrough}; extra units get random incoming and zero outgoing weights. A layer narrower than both
 * cannot carry either and is drawn from `init`.
 */
export function planInsertLayer(net: Network, data: readonly InputRows[], index: number, units: number, activation: ActivationName, init: InitConfig, rng: Rng): EditPlan {
  const fanIn = widthBefore(net, index);
  const next = net.layers[index]!;
  const layer = new DenseLayer(fanIn, units, activation, { kind: 'perNeuron' }, net.allocate);
  const rowInit: InitConfig = init.kind === 'numpyRandom' || init.kind === 'constant' ? { kind: 'xavier' } : init;
  if (units < fanIn && units < next.outputs) {
    initLayer(layer, rowInit, rng, rng);
    const reader = remapLayer(next, identityMap(next.outputs), mapResized(fanIn, units), net.allocate);
    return replaced(net, index, 1, [layer, reader]);
  }
  const carryInput = units >= fanIn;
  const carried = carryInput ? fanIn : next.outputs;
  let reader: DenseLayer;
  let stats: UnitStats;
  if (carryInput) {
    for (let k = 0; k < fanIn; k++) layer.w[k * fanIn + k] = 1;
    reader = remapLayer(next, identityMap(next.outputs), mapResized(fanIn, units), net.allocate);
    stats = inputStats(net, data, index);
  } else {
    layer.w.set(next.w);
    for (let o = 0; o < next.outputs; o++) layer.b[o] = next.b.length === 0 ? 0 : next.b[next.b.length === 1 ? 0 : o]!;
    reader = new DenseLayer(units, next.outputs, next.activation.name, next.bias, net.allocate);
    reader.b.fill(0);
    for (let o = 0; o < next.outputs; o++) reader.w[o * units + o] = 1;
    stats = preActivationStats(net, data, index);
  }
  randomRows(layer, carried, rowInit, rng);
  const wraps: UnitWrap[] = [];
  for (let k = 0; k < carried; k++) wraps.push(identityThrough(activation, ...range(stats, k)));
  applyWraps(layer, reader, fitWraps(wraps, layer, reader));
  return replaced(net, index, 1, [layer, reader]);
}

/**
 * Removes hidden layer `index` by folding it into the next: each unit is replaced by the line `α·z + β` its
 * activation follows on the data (exact where it is affine there), so `W' = V·diag(α)·W` and
 * `c' = c + V·(α∘b + β)`. Folding needs the next layer's bias per neuron; without it the next layer only
 * keeps the columns that still have an input.
 */
export function planRemoveLayer(net: Network, data: readonly InputRows[], index: number): EditPlan {
  const layer = net.layers[index]!;
  const next = net.layers[index + 1]!;
  const fanIn = layer.inputs;
  if (next.b.length !== next.outputs) {
    const reader = remapLayer(next, identityMap(next.outputs), mapResized(next.inputs, fanIn), net.allocate);
    return replaced(net, index, 2, [reader]);
  }
  const stats = preActivationStats(net, data, index);
  const folded = new DenseLayer(fanIn, next.outputs, next.activation.name, next.bias, net.allocate);
  const bias = (k: number): number => (layer.b.length === 0 ? 0 : layer.b[layer.b.length === 1 ? 0 : k]!);
  folded.b.set(next.b);
  folded.stepScale = next.stepScale && next.stepScale.slice();
  for (let k = 0; k < layer.outputs; k++) {
    const line = affineOnData(layer.activation.name, ...range(stats, k), stats.fit(k));
    if (line.alpha === 0 && line.beta === 0) continue;
    for (let o = 0; o < next.outputs; o++) {
      const v = next.w[o * layer.outputs + k]!;
      const va = v * line.alpha;
      for (let i = 0; i < fanIn; i++) folded.w[o * fanIn + i] = folded.w[o * fanIn + i]! + va * layer.w[k * fanIn + i]!;
      folded.b[o] = folded.b[o]! + v * (line.alpha * bias(k) + line.beta);
    }
  }
  return replaced(net, index, 2, [folded]);
}

/**
 * Switches layer `index` to activation `g`, re-expressing each unit's old function through `g` where the math
 * allows ({@link exactSwap}, or {@link identityThrough} for a unit that is affine on the data) and compensating in
 * the next layer. The output layer, and units no wrap fits, simply switch.
 */
export function planActivation(net: Network, data: readonly InputRows[], index: number, g: ActivationName): EditPlan {
  const src = net.layers[index]!;
  const f = src.activation.name;
  const layer = copyLayer(net, src);
  layer.activation = getActivation(g);
  if (index === net.layers.length - 1) return replaced(net, index, 1, [layer]);
  const next = copyLayer(net, net.layers[index + 1]!);
  const stats = preActivationStats(net, data, index);
  const wraps: UnitWrap[] = [];
  for (let k = 0; k < layer.outputs; k++) {
    const [lo, hi] = range(stats, k);
    const line = affineOnData(f, lo, hi, stats.fit(k));
    wraps.push(exactSwap(f, g) ?? (line.exact ? scaleWrap(identityThrough(g, lo, hi), line.alpha, line.beta) : PLAIN));
  }
  applyWraps(layer, next, fitWraps(wraps, layer, next));
  return replaced(net, index, 2, [layer, next]);
}

/** Adds a neuron at the end of hidden layer `layer`: random incoming weights, zero outgoing, so outputs stay. */
export function planAddNeuron(net: Network, layer: number, init: InitConfig, rng: Rng): EditPlan {
  const src = net.layers[layer]!;
  const next = net.layers[layer + 1]!;
  const grown = remapLayer(src, identityMap(src.outputs, 1), identityMap(src.inputs), net.allocate);
  initRow(grown, src.outputs, init, rng);
  const reader = remapLayer(next, identityMap(next.outputs), identityMap(next.inputs, 1), net.allocate);
  return replaced(net, layer, 2, [grown, reader]);
}

/** Removes neuron `neuron` of hidden layer `layer` with its incoming and outgoing weights. */
export function planRemoveNeuron(net: Network, layer: number, neuron: number): EditPlan {
  const src = net.layers[layer]!;
  const next = net.layers[layer + 1]!;
  const shrunk = remapLayer(src, mapWithout(src.outputs, neuron), identityMap(src.inputs), net.allocate);
  const reader = remapLayer(next, identityMap(next.outputs), mapWithout(next.inputs, neuron), net.allocate);
  return replaced(net, layer, 2, [shrunk, reader]);
}
