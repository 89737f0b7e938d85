import type { ActivationName, ExperimentConfig } from '@liveprop/core';

/** The model file format from DESIGN.md. */
export interface ModelFile {
  format: 'liveprop.model/1';
  layers: { inputs: number; outputs: number; activation: ActivationName; weights: number[][]; bias: number[] }[];
}

type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

const ACTIVATIONS: ReadonlySet<string> = new Set(['sigmoid', 'tanh', 'relu', 'leakyRelu', 'linear', 'softmax']);

/** Checks an uploaded model file; the server validates again when the session is created. */
export function parseModelFile(text: string): Parsed<ModelFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, code: 'bad_json', message: 'the file is not JSON' };
  }
  const m = raw as Partial<ModelFile> | null;
  if (!m || m.format !== 'liveprop.model/1') {
    return { ok: false, code: 'bad_format', message: `expected format "liveprop.model/1", got ${JSON.stringify(m?.format ?? null)}` };
  }
  if (!Array.isArray(m.layers) || m.layers.length === 0) return { ok: false, code: 'bad_format', message: 'the model has no layers' };
  for (const [i, l] of m.layers.entries()) {
    if (!ACTIVATIONS.has(l.activation)) return { ok: false, code: 'bad_format', message: `layer ${i}: unknown activation "${l.activation}"` };
    if (!Array.isArray(l.weights) || l.weights.length !== l.outputs) {
      return { ok: false, code: 'bad_format', message: `layer ${i}: expected ${l.outputs} weight rows, got ${Array.isArray(l.weights) ? l.weights.length : 0}` };
    }
    if (i > 0 && l.inputs !== m.layers[i - 1]!.outputs) {
      return { ok: false, code: 'bad_format', message: `layer ${i}: expected ${m.layers[i - 1]!.outputs} inputs, got ${l.inputs}` };
    }
  }
  return { ok: true, value: m as ModelFile };
}

/** The current experiment with its network replaced by the imported model's shape and weights. */
export function configWithModel(base: ExperimentConfig, model: ModelFile): ExperimentConfig {
  return {
    ...base,
    name: `${base.name ?? 'session'} (imported model)`,
    network: {
      inputs: model.layers[0]!.inputs,
      layers: model.layers.map((l) => ({
        units: l.outputs,
        activation: l.activation,
        bias: l.bias.length === 0 ? { kind: 'none' as const } : { kind: 'perNeuron' as const },
      })),
      init: base.network.init,
      weights: model.layers.map((l) => ({ weights: l.weights, bias: l.bias })),
    },
  };
}
