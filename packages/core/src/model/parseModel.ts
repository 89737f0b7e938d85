import { array, attempt, boolean, fail, integer, oneOf, record } from '../contract/check.js';
import type { BiasConfig, LayerConfig, LayerWeights } from '../contract/config.js';
import type { CoreResult } from '../contract/errors.js';
import { LIMITS } from '../contract/limits.js';
import { checkParameterCount } from '../validation/validateConfig.js';
import { checkActivation, checkMatrix, checkVector } from '../validation/validateParts.js';
import { MODEL_FORMAT } from './modelJson.js';

/** A parsed model: what `NetworkConfig` needs besides `init`. */
export interface ParsedModel {
  inputs: number;
  layers: LayerConfig[];
  weights: LayerWeights[];
}

function biasFor(o: Record<string, unknown>, path: string, outputs: number): BiasConfig {
  const length = array(o.bias, `${path}.bias`).length;
  const mode =
    o.biasMode === undefined
      ? length === outputs ? 'perNeuron' : length === 0 ? 'none' : 'shared'
      : oneOf(o.biasMode, ['perNeuron', 'shared', 'none'] as const, `${path}.biasMode`);
  if (mode !== 'shared') return { kind: mode };
  const trainable = o.biasTrainable === undefined ? true : boolean(o.biasTrainable, `${path}.biasTrainable`);
  return { kind: 'shared', value: 0, trainable };
}

function parse(json: unknown): ParsedModel {
  const doc = record(json, 'model');
  if (doc.format !== MODEL_FORMAT) fail('format', `expected "${MODEL_FORMAT}", got ${JSON.stringify(doc.format) ?? 'nothing'}`);
  const raw = array(doc.layers, 'layers');
  if (raw.length === 0) fail('layers', 'a model needs at least one layer');
  if (raw.length > LIMITS.maxLayers) fail('layers', `the model has ${raw.length} layers; the limit is ${LIMITS.maxLayers}`, 'limit_exceeded');
  const layers: LayerConfig[] = [];
  const weights: LayerWeights[] = [];
  let inputs = 0;
  Array.from(raw).forEach((entry, l) => {
    const path = `layers[${l}]`;
    const o = record(entry, path);
    const layerInputs = integer(o.inputs, `${path}.inputs`, 1, LIMITS.maxInputs, `layer ${l} inputs`);
    const outputs = integer(o.outputs, `${path}.outputs`, 1, LIMITS.maxUnitsPerLayer, `layer ${l} units`);
    if (l === 0) inputs = layerInputs;
    else if (layerInputs !== layers[l - 1]!.units) {
      fail(`${path}.inputs`, `${path}.inputs is ${layerInputs}, expected ${layers[l - 1]!.units} (the outputs of layers[${l - 1}])`);
    }
    const activation = checkActivation(o.activation, `${path}.activation`);
    if (activation === 'softmax' && l !== raw.length - 1) fail(`${path}.activation`, 'softmax is for the output layer only');
    const bias = biasFor(o, path, outputs);
    const biasLength = bias.kind === 'perNeuron' ? outputs : bias.kind === 'shared' ? 1 : 0;
    const w = checkMatrix(o.weights, `${path}.weights`, outputs, layerInputs);
    const b = checkVector(o.bias, `${path}.bias`, biasLength);
    if (bias.kind === 'shared') bias.value = b[0]!;
    layers.push({ units: outputs, activation, bias });
    weights.push({ weights: w, bias: b });
  });
  checkParameterCount(inputs, layers, 'layers');
  return { inputs, layers, weights };
}

/**
 * Parses an untrusted `liveprop.model/1` document. Errors name the field
 * (`layers[1].weights[2] has 3 numbers, expected 4`); code `invalid_model` or `limit_exceeded`.
 */
export function parseModel(json: unknown): CoreResult<ParsedModel> {
  const result = attempt(() => parse(json));
  if (result.ok || result.code === 'limit_exceeded') return result;
  return { ok: false, code: 'invalid_model', message: result.message };
}
