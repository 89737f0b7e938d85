import type { ActivationName } from '../contract/config.js';

/** The format tag of a serialized model. */
export const MODEL_FORMAT = 'liveprop.model/1';

/** One layer of a `liveprop.model/1` document. */
export interface ModelLayerJson {
  inputs: number;
  outputs: number;
  activation: ActivationName;
  /** `[outputs][inputs]`. */
  weights: number[][];
  /** `[outputs]` per neuron, `[1]` shared, `[]` none. */
  bias: number[];
  /** Optional: how to read `bias` when its length is ambiguous; inferred from the length when absent. */
  biasMode?: 'perNeuron' | 'shared' | 'none';
  /** Optional, for a shared bias: whether it is trained (default true). */
  biasTrainable?: boolean;
}

/** A serialized network: `{"format":"liveprop.model/1","layers":[…]}`. */
export interface ModelJson {
  format: typeof MODEL_FORMAT;
  layers: ModelLayerJson[];
}
