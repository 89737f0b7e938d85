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

/** The body of `POST /api/sessions` that imports a model: the server builds the network from it ([R24]). */
export interface ModelImportRequest {
  model: ModelFile;
  /** Data, training settings and seed of the new session: the current session's, renamed. */
  config: ExperimentConfig;
  name: string;
}

const MAX_NAME_LENGTH = 100;
const NAME_SUFFIX = ' (imported model)';

/**
 * A new session with the current experiment's data and hyper-parameters and the imported model's shape and weights.
 * The server checks the model against the dataset and answers errors that name the field.
 */
export function modelImportRequest(base: ExperimentConfig, model: ModelFile): ModelImportRequest {
  const name = `${(base.name ?? 'session').slice(0, MAX_NAME_LENGTH - NAME_SUFFIX.length)}${NAME_SUFFIX}`;
  return { model, config: { ...base, name }, name };
}
