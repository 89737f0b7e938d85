import type { ActivationName, EpochMetrics, Snapshot } from '@liveprop/core';

/**
 * A snapshot frame carries each layer's weights for at most this many outputs × inputs (the top-left window), and
 * thumbnails for at most this many neurons of each layer ([R11]).
 */
export const SNAPSHOT_UNITS = 64;

/**
 * Largest snapshot frame, for any network within the core's `LIMITS` and any grid: half the [R14] slow-consumer cap,
 * so the two snapshots a client may have unacknowledged fit under it. Thumbnails shrink to fit when needed.
 */
export const SNAPSHOT_MAX_BYTES = 512 * 1024;

/** One layer of a decoded snapshot: true sizes, and the window of weights the frame carried. */
export interface WireLayer {
  /** True input count of the layer. */
  inputs: number;
  /** True output (neuron) count of the layer. */
  outputs: number;
  activation: ActivationName;
  /** Outputs carried: the first `min(outputs, SNAPSHOT_UNITS)`. */
  weightRows: number;
  /** Inputs carried: the first `min(inputs, SNAPSHOT_UNITS)`. */
  weightCols: number;
  /** `[weightRows][weightCols]` row-major, at float32 precision. Read it with {@link weightAt}. */
  weights: Float64Array;
  /** `[weightRows]` per neuron, `[1]` shared by the layer, empty for none. Read it with {@link biasAt}. */
  bias: Float64Array;
  /** L2 norm of the last gradient of the whole layer, not only of the window. */
  gradientNorm: number;
}

/** A decoded snapshot frame ([R11]): like the core's `Snapshot`, with windowed layers and thumbnails. */
export interface WireSnapshot {
  epoch: number;
  metrics: EpochMetrics | null;
  layers: WireLayer[];
  surface?: Snapshot['surface'];
  /**
   * Per column (inputs first) the first neurons' outputs over a `size`×`size` grid, `[neurons][size*size]`; a column
   * may carry fewer neurons than it has. Read them with {@link thumbnailOffset}.
   */
  thumbnails?: { size: number; layers: Float32Array[] };
}

/** The weight from `input` into neuron `output`, or undefined when the frame did not carry it. */
export function weightAt(layer: Pick<WireLayer, 'weightRows' | 'weightCols' | 'weights'>, output: number, input: number): number | undefined {
  if (output < 0 || input < 0 || output >= layer.weightRows || input >= layer.weightCols) return undefined;
  return layer.weights[output * layer.weightCols + input];
}

/** Neuron `output`'s bias (the shared one for a shared bias), or undefined when there is none or it was not carried. */
export function biasAt(layer: Pick<WireLayer, 'outputs' | 'bias'>, output: number): number | undefined {
  if (output < 0 || output >= layer.outputs) return undefined;
  if (layer.bias.length === 1) return layer.bias[0];
  return layer.bias[output];
}

/** Where neuron `index` of `column` (0 = inputs) starts in its thumbnail array, or -1 when the frame did not carry it. */
export function thumbnailOffset(thumbnails: WireSnapshot['thumbnails'], column: number, index: number): number {
  if (!thumbnails || index < 0) return -1;
  const cell = thumbnails.size * thumbnails.size;
  const values = thumbnails.layers[column];
  if (!values || cell === 0 || (index + 1) * cell > values.length) return -1;
  return index * cell;
}
