import type { Network } from '../network/network.js';
import { MODEL_FORMAT, type ModelJson, type ModelLayerJson } from './modelJson.js';

/** Serializes a network's current weights as `liveprop.model/1`. */
export function toModelJson(net: Network): ModelJson {
  const layers: ModelLayerJson[] = net.layers.map((layer) => {
    const weights: number[][] = [];
    for (let o = 0; o < layer.outputs; o++) weights.push(Array.from(layer.w.subarray(o * layer.inputs, (o + 1) * layer.inputs)));
    const entry: ModelLayerJson = {
      inputs: layer.inputs,
      outputs: layer.outputs,
      activation: layer.activation.name,
      weights,
      bias: Array.from(layer.b),
      biasMode: layer.bias.kind,
    };
    if (layer.bias.kind === 'shared') entry.biasTrainable = layer.bias.trainable;
    return entry;
  });
  return { format: MODEL_FORMAT, layers };
}
