import type { Rng } from '../rng/rng.js';
import type { InitConfig } from '../contract/config.js';
import type { DenseLayer } from './denseLayer.js';

/**
 * Fills `layer.w` from an init scheme; per-neuron biases start at 0, a shared bias at its configured value.
 * `numpyRandom` draws `np.random.random((inputs, outputs))` — NumPy's `[inputs][outputs]` layout — from
 * `numpyRng` and transposes it into our `[outputs][inputs]`.
 */
export function initLayer(layer: DenseLayer, init: InitConfig, rng: Rng, numpyRng: Rng): void {
  const { inputs, outputs, w } = layer;
  switch (init.kind) {
    case 'uniform':
      for (let k = 0; k < w.length; k++) w[k] = init.low + (init.high - init.low) * rng.random();
      break;
    case 'normal':
      for (let k = 0; k < w.length; k++) w[k] = init.mean + init.std * rng.normal();
      break;
    case 'xavier': {
      const limit = Math.sqrt(6 / (inputs + outputs));
      for (let k = 0; k < w.length; k++) w[k] = limit * (2 * rng.random() - 1);
      break;
    }
    case 'he': {
      const std = Math.sqrt(2 / inputs);
      for (let k = 0; k < w.length; k++) w[k] = std * rng.normal();
      break;
    }
    case 'constant':
      w.fill(init.value);
      break;
    case 'numpyRandom': {
      const scale = init.scaleByFanIn ? Math.sqrt(2 / inputs) : 1;
      for (let i = 0; i < inputs; i++) {
        for (let o = 0; o < outputs; o++) w[o * inputs + i] = numpyRng.random() * scale;
      }
      break;
    }
  }
  if (layer.bias.kind === 'perNeuron') layer.b.fill(0);
  else if (layer.bias.kind === 'shared') layer.b[0] = layer.bias.value;
}

/** Fills one neuron's incoming weights (row `o`) from an init scheme, for a neuron added live. */
export function initRow(layer: DenseLayer, o: number, init: InitConfig, rng: Rng): void {
  const { inputs, w } = layer;
  for (let i = 0; i < inputs; i++) w[o * inputs + i] = sampleWeight(init, inputs, layer.outputs, rng);
}

function sampleWeight(init: InitConfig, inputs: number, outputs: number, rng: Rng): number {
  switch (init.kind) {
    case 'uniform':
      return init.low + (init.high - init.low) * rng.random();
    case 'normal':
      return init.mean + init.std * rng.normal();
    case 'xavier':
      return Math.sqrt(6 / (inputs + outputs)) * (2 * rng.random() - 1);
    case 'he':
      return Math.sqrt(2 / inputs) * rng.normal();
    // A live-added neuron with the same constant weights as its siblings could never differ from them.
    case 'constant':
    case 'numpyRandom':
      return Math.sqrt(2 / inputs) * rng.normal();
  }
}
