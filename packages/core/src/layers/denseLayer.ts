import type { Activation } from '../activations/activation.js';
import { getActivation } from '../activations/registry.js';
import type { ActivationName, BiasConfig } from '../contract/config.js';
import { allocateFloat64, type Allocate } from './allocate.js';

/** Length of a layer's bias vector for a bias mode: one per neuron, one shared, or none. */
export function biasLength(bias: BiasConfig, outputs: number): number {
  return bias.kind === 'perNeuron' ? outputs : bias.kind === 'shared' ? 1 : 0;
}

/**
 * A dense layer's parameters, their last gradient and the optimizer's per-parameter slots.
 * `w`, `dw`, `wM`, `wV` are `[outputs][inputs]`; `b`, `db`, `bM`, `bV` follow {@link biasLength}.
 * Batch-sized buffers live in a {@link Workspace}, not here.
 */
export class DenseLayer {
  readonly inputs: number;
  readonly outputs: number;
  activation: Activation;
  bias: BiasConfig;
  readonly w: Float64Array;
  readonly b: Float64Array;
  readonly dw: Float64Array;
  readonly db: Float64Array;
  /** First optimizer slot (momentum velocity or Adam's first moment). */
  readonly wM: Float64Array;
  /** Second optimizer slot (Adam's second moment). */
  readonly wV: Float64Array;
  readonly bM: Float64Array;
  readonly bV: Float64Array;
  /**
   * Per output row, how far the optimizer moves that row's weights and bias relative to the others (null: all 1).
   * A row an edit scaled by ε to stand in for the identity (`unitWrap.ts`) is read back ×1/ε, so at the full rate its
   * updates would act 1/ε times too strongly; it steps as if it were stored at full scale instead.
   */
  stepScale: Float64Array | null = null;

  constructor(inputs: number, outputs: number, activation: ActivationName, bias: BiasConfig, allocate: Allocate = allocateFloat64) {
    this.inputs = inputs;
    this.outputs = outputs;
    this.activation = getActivation(activation);
    this.bias = bias;
    const n = inputs * outputs;
    const nb = biasLength(bias, outputs);
    this.w = allocate(n);
    this.dw = allocate(n);
    this.wM = allocate(n);
    this.wV = allocate(n);
    this.b = allocate(nb);
    this.db = allocate(nb);
    this.bM = allocate(nb);
    this.bV = allocate(nb);
    if (bias.kind === 'shared') this.b[0] = bias.value;
  }

  /** Whether the optimizer updates the bias (per-neuron, or shared and trainable). */
  get biasTrainable(): boolean {
    return this.bias.kind === 'perNeuron' || (this.bias.kind === 'shared' && this.bias.trainable);
  }

  /** Number of trainable and frozen parameters. */
  get parameterCount(): number {
    return this.w.length + this.b.length;
  }
}

/** `db` from `dz[batch][outputs]`: per column for per-neuron biases, the grand sum for a shared one. */
export function biasGradient(dz: Float64Array, db: Float64Array, batch: number, outputs: number): void {
  const nb = db.length;
  if (nb === 0) return;
  if (nb === 1) {
    let s = 0;
    const n = batch * outputs;
    for (let i = 0; i < n; i++) s += dz[i]!;
    db[0] = s;
    return;
  }
  db.fill(0);
  for (let r = 0; r < batch; r++) {
    const off = r * outputs;
    for (let o = 0; o < outputs; o++) db[o] = db[o]! + dz[off + o]!;
  }
}
