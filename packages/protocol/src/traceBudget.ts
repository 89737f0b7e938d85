import { TRACE_WINDOW, type TraceSize } from './traceSchema.js';

/** Longest JSON text of one double (`-0.0000012345678901234567`), plus its separator. */
const CELL_BYTES = 26;
/** A training-row index below `LIMITS.maxDatasetRows` (1e6), plus its separator. */
const SAMPLE_BYTES = 7;
/** Envelope, top-level keys and scalars (epoch, loss, learning rate, window, clipped), generously. */
const FRAME_OVERHEAD_BYTES = 1024;
/** One layer's twelve keys, braces and its `size.layers` entry, generously. */
const LAYER_OVERHEAD_BYTES = 320;

const vectorBytes = (entries: number): number => 2 + entries * CELL_BYTES;
const matrixBytes = (rows: number, cols: number): number => 2 + rows * (vectorBytes(cols) + 1);

/**
 * Upper bound on the bytes of a `trace` frame whose true dimensions are `size` once every axis is cut to `window`,
 * whatever the numbers are. Bias vectors are counted at the layer's width (a per-neuron bias, the longest kind).
 */
export function traceBytesBound(size: TraceSize, window: number): number {
  const cut = (n: number) => Math.min(n, window);
  const samples = cut(size.samples);
  const first = size.layers[0];
  const last = size.layers[size.layers.length - 1];
  const inputs = cut(first?.inputs ?? 0);
  const outputs = cut(last?.outputs ?? 0);
  let bytes = FRAME_OVERHEAD_BYTES + 2 + samples * SAMPLE_BYTES;
  bytes += matrixBytes(samples, inputs) + 2 * matrixBytes(samples, outputs) + vectorBytes(samples);
  for (const layer of size.layers) {
    const layerIn = cut(layer.inputs);
    const layerOut = cut(layer.outputs);
    bytes += LAYER_OVERHEAD_BYTES;
    bytes += matrixBytes(samples, layerIn) + 3 * matrixBytes(samples, layerOut);
    bytes += 4 * matrixBytes(layerOut, layerIn) + 4 * vectorBytes(layerOut);
  }
  return bytes;
}

/**
 * The largest window, at most {@link TRACE_WINDOW}, whose worst-case frame fits in `maxBytes`; 1 when none does
 * (a frame of single cells, which {@link traceBytesBound} keeps far below any sane budget).
 */
export function traceWindowFor(size: TraceSize, maxBytes: number): number {
  for (let window = TRACE_WINDOW; window > 1; window--) {
    if (traceBytesBound(size, window) <= maxBytes) return window;
  }
  return 1;
}
