/** A number off the wire: JSON carries NaN and ±Infinity as `null`. */
export type Cell = number | null;
export type Matrix = Cell[][];

/** Core's `LayerTrace` as it arrives over JSON. Matrices are `[outputs][inputs]`, batch data `[sample][unit]`. */
export interface LayerTraceData {
  inputs: Matrix;
  z: Matrix;
  a: Matrix;
  delta: Matrix;
  weights: Matrix;
  bias: Cell[];
  dW: Matrix;
  db: Cell[];
  weightsUpdate: Matrix;
  biasUpdate: Cell[];
  weightsAfter: Matrix;
  biasAfter: Cell[];
}

/** True dimensions of one layer: weights are `outputs`×`inputs`. */
export interface LayerSize {
  inputs: number;
  outputs: number;
}

/**
 * Core's `StepTrace` as it arrives over JSON ([R19]): every array cut to its first `window` entries per axis (the
 * top-left window), `size` the true dimensions, `clipped` whether anything was cut.
 */
export interface StepTraceData {
  epoch: number;
  /** The first `window` training rows of the batch; `size.samples` counts them all. */
  samples: number[];
  inputs: Matrix;
  targets: Matrix;
  outputs: Matrix;
  lossPerSample: Cell[];
  loss: Cell;
  learningRate: number;
  layers: LayerTraceData[];
  size: { samples: number; layers: LayerSize[] };
  window: number;
  clipped: boolean;
}

const MATRIX_KEYS = ['inputs', 'z', 'a', 'delta', 'weights', 'dW', 'weightsUpdate', 'weightsAfter'] as const;
const VECTOR_KEYS = ['bias', 'db', 'biasUpdate', 'biasAfter'] as const;

const isCell = (v: unknown): v is Cell => v === null || typeof v === 'number';
const isVector = (v: unknown): v is Cell[] => Array.isArray(v) && v.every(isCell);
const isMatrix = (v: unknown): v is Matrix => Array.isArray(v) && v.every(isVector);

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function isLayerSize(v: unknown): v is LayerSize {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return isCount(r.inputs) && isCount(r.outputs);
}

function isSize(v: unknown, layers: number): v is StepTraceData['size'] {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return isCount(r.samples) && Array.isArray(r.layers) && r.layers.length === layers && r.layers.every(isLayerSize);
}

function isLayer(v: unknown): v is LayerTraceData {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return MATRIX_KEYS.every((k) => isMatrix(r[k])) && VECTOR_KEYS.every((k) => isVector(r[k]));
}

/**
 * The `trace` field of a server `trace` frame, or `null` when it does not have a step trace's shape, true sizes
 * included. The session store hands it on as `unknown`, so the view checks the shape itself rather than trust a cast.
 */
export function readTrace(value: unknown): StepTraceData | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  const ok =
    typeof r.epoch === 'number' &&
    Array.isArray(r.samples) &&
    r.samples.every((s) => typeof s === 'number') &&
    isMatrix(r.inputs) &&
    isMatrix(r.targets) &&
    isMatrix(r.outputs) &&
    isVector(r.lossPerSample) &&
    isCell(r.loss) &&
    typeof r.learningRate === 'number' &&
    Array.isArray(r.layers) &&
    r.layers.every(isLayer) &&
    isSize(r.size, r.layers.length) &&
    isCount(r.window) &&
    r.window > 0 &&
    typeof r.clipped === 'boolean';
  return ok ? (value as StepTraceData) : null;
}
