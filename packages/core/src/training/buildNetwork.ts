import { DenseLayer } from '../layers/denseLayer.js';
import { initLayer } from '../layers/init.js';
import { Network } from '../network/network.js';
import { MT19937 } from '../rng/mt19937.js';
import type { Rng } from '../rng/rng.js';
import type { LayerConfig, NetworkConfig } from '../contract/config.js';
import type { Engine } from './engine.js';

/**
 * Builds a network from a checked config: explicit `weights` when given, else `init` drawn from `rng`
 * (`numpyRandom` draws from its own `MT19937(seed)`, like `np.random.seed(seed)` before the tutorial's arrays).
 */
export function buildNetwork(config: NetworkConfig, seed: number, rng: Rng, engine?: Engine): Network {
  const numpyRng = new MT19937(seed);
  const layers: DenseLayer[] = [];
  let fanIn = config.inputs;
  config.layers.forEach((spec, l) => {
    const layer = new DenseLayer(fanIn, spec.units, spec.activation, spec.bias, engine?.allocate);
    const explicit = config.weights?.[l];
    if (explicit) {
      for (let o = 0; o < spec.units; o++) for (let i = 0; i < fanIn; i++) layer.w[o * fanIn + i] = explicit.weights[o]![i]!;
      layer.b.set(explicit.bias);
    } else {
      initLayer(layer, config.init, rng, numpyRng);
    }
    layers.push(layer);
    fanIn = spec.units;
  });
  return new Network(config.inputs, layers, engine?.kernels, engine?.allocate, engine?.release);
}

/** The layer configs of a network as it is now, for `config.network.layers` after live edits. */
export function describeLayers(net: Network): LayerConfig[] {
  return net.layers.map((layer) => ({ units: layer.outputs, activation: layer.activation.name, bias: layer.bias }));
}
