import { DenseLayer } from '../layers/denseLayer.js';
import type { Allocate } from '../layers/allocate.js';

/**
 * A new layer of another shape whose rows and columns come from `src` through index maps:
 * `rowFrom[o]` / `colFrom[i]` is the old index to copy, or -1 for a new one (left at 0).
 * Weights, their optimizer slots and (row-mapped) biases all follow, so surviving parameters keep their state.
 */
export function remapLayer(
  src: DenseLayer,
  rowFrom: readonly number[],
  colFrom: readonly number[],
  allocate: Allocate,
): DenseLayer {
  const dst = new DenseLayer(colFrom.length, rowFrom.length, src.activation.name, src.bias, allocate);
  for (let o = 0; o < rowFrom.length; o++) {
    const so = rowFrom[o]!;
    if (so < 0) continue;
    for (let i = 0; i < colFrom.length; i++) {
      const si = colFrom[i]!;
      if (si < 0) continue;
      const from = so * src.inputs + si;
      const to = o * dst.inputs + i;
      dst.w[to] = src.w[from]!;
      dst.wM[to] = src.wM[from]!;
      dst.wV[to] = src.wV[from]!;
    }
    if (dst.b.length === dst.outputs) {
      dst.b[o] = src.b[so]!;
      dst.bM[o] = src.bM[so]!;
      dst.bV[o] = src.bV[so]!;
    }
  }
  if (src.stepScale) {
    const scale = new Float64Array(rowFrom.length).fill(1);
    rowFrom.forEach((so, o) => {
      if (so >= 0) scale[o] = src.stepScale![so]!;
    });
    dst.stepScale = scale;
  }
  if (dst.b.length === 1) {
    dst.b[0] = src.b[0]!;
    dst.bM[0] = src.bM[0]!;
    dst.bV[0] = src.bV[0]!;
  }
  return dst;
}

/** `[0, 1, …, n−1]`, optionally followed by `extra` entries of -1 (new indices). */
export function identityMap(n: number, extra = 0): number[] {
  const map: number[] = [];
  for (let k = 0; k < n; k++) map.push(k);
  for (let k = 0; k < extra; k++) map.push(-1);
  return map;
}

/** `[0, …, n−1]` without `removed`. */
export function mapWithout(n: number, removed: number): number[] {
  const map: number[] = [];
  for (let k = 0; k < n; k++) if (k !== removed) map.push(k);
  return map;
}

/** `[0, …, m−1]` padded with -1 or truncated to length `n`. */
export function mapResized(m: number, n: number): number[] {
  const map: number[] = [];
  for (let k = 0; k < n; k++) map.push(k < m ? k : -1);
  return map;
}
