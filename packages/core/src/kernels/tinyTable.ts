import type { Activation } from '../activations/activation.js';
import type { DenseLayer } from '../layers/denseLayer.js';
import type { Workspace } from '../network/workspace.js';
import type { ActivationName } from '../contract/config.js';

/**
 * Multiply-adds a step (`batch·Σ inputs·outputs`) above which the layer-by-layer SIMD kernels win: xor's step is 80;
 * spiral's batch of 10 (3040) ran at 1.06e6 samples/s fused against 1.30e6 layer by layer (`node bench/run.js`).
 */
export const TINY_STEP_MAX_WORK = 1024;

const FIELDS = 12;
/** Layers the table has room for; `LIMITS.maxLayers` allows no more. */
const MAX_LAYERS = 16;

function activationCode(name: ActivationName): number {
  switch (name) {
    case 'linear':
      return 0;
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 2;
    case 'relu':
      return 3;
    default:
      return -1;
  }
}

/**
 * The layer table dense.wat's fused tiny kernels read: 12 i32 a layer (see the comment above `tinyForward`), in
 * `alloc`'s memory; `owned` tells views of that memory.
 */
export class TinyTable {
  /** Byte offset of the table in the wasm memory; valid after a {@link prepare} that returned true. */
  offset = 0;
  /** Byte offsets of the prepared workspace's `x` and `y`. */
  x = 0;
  y = 0;
  /** Bumped whenever {@link prepare} rewrites the table, so a caller holding its pointers knows they may be stale. */
  generation = 0;
  private table: Int32Array<ArrayBufferLike> = new Int32Array(0);
  // The pointers are written once per (layers, workspace) pair: layers are replaced, never resized, on topology edits.
  private readonly cached: DenseLayer[] = [];
  private cachedWs: Workspace | undefined;
  private cachedFits = false;
  private readonly cachedActivations: Activation[] = [];
  private workPerRow = 0;

  constructor(
    private readonly alloc: (length: number) => Float64Array,
    private readonly owned: (view: Float64Array) => boolean,
  ) {}

  /**
   * Writes the table for `layers` and `ws` (pointers once per pair, activation codes when they change) and tells
   * whether the fused kernels cover it: every buffer in the wasm memory, activations linear, sigmoid, tanh or ReLU,
   * `batch` within the workspace and `batch·Σ inputs·outputs ≤` {@link TINY_STEP_MAX_WORK}.
   */
  prepare(layers: readonly DenseLayer[], ws: Workspace, batch: number): boolean {
    const count = layers.length;
    const cached = this.cached;
    let same = ws === this.cachedWs && cached.length === count;
    for (let l = 0; same && l < count; l++) same = cached[l] === layers[l];
    if (!same) {
      this.generation++;
      this.cachedFits = this.fits(layers, ws);
      cached.length = 0;
      cached.push(...layers);
      this.cachedActivations.length = 0;
      this.cachedWs = ws;
    }
    if (!this.cachedFits || batch > ws.capacity || batch * this.workPerRow > TINY_STEP_MAX_WORK) return false;
    // Activations change live without a new layer; their codes are rewritten when one does.
    for (let l = 0; l < count; l++) {
      const activation = layers[l]!.activation;
      if (this.cachedActivations[l] !== activation && !this.writeActivation(l, layers[l]!)) return false;
    }
    return true;
  }

  private writeActivation(l: number, layer: DenseLayer): boolean {
    const code = activationCode(layer.activation.name);
    if (code < 0) return false;
    this.generation++;
    this.table[l * FIELDS + 10] = code;
    this.table[l * FIELDS + 11] = layer.biasTrainable ? 1 : 0;
    this.cachedActivations[l] = layer.activation;
    return true;
  }

  private fits(layers: readonly DenseLayer[], ws: Workspace): boolean {
    if (layers.length > MAX_LAYERS || ws.z.length !== layers.length) return false;
    if (this.table.length === 0) {
      // Allocated on first use, so a kernel set that never runs a tiny step has no table in its arena.
      const view = this.alloc((MAX_LAYERS * FIELDS) / 2);
      this.table = new Int32Array(view.buffer, view.byteOffset, MAX_LAYERS * FIELDS);
      this.offset = view.byteOffset;
    }
    const table = this.table;
    let work = 0;
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l]!;
      const views = [layer.w, layer.b, layer.dw, layer.db, ws.z[l]!, ws.a[l]!, ws.d[l]!];
      for (const view of views) if (!this.owned(view)) return false;
      if (ws.z[l]!.length < ws.capacity * layer.outputs) return false;
      const t = l * FIELDS;
      table[t] = layer.w.byteOffset;
      table[t + 1] = layer.b.byteOffset;
      table[t + 2] = layer.b.length;
      table[t + 3] = layer.dw.byteOffset;
      table[t + 4] = layer.db.byteOffset;
      table[t + 5] = ws.z[l]!.byteOffset;
      table[t + 6] = ws.a[l]!.byteOffset;
      table[t + 7] = ws.d[l]!.byteOffset;
      table[t + 8] = layer.inputs;
      table[t + 9] = layer.outputs;
      work += layer.inputs * layer.outputs;
    }
    if (!this.owned(ws.x) || !this.owned(ws.y)) return false;
    this.x = ws.x.byteOffset;
    this.y = ws.y.byteOffset;
    this.workPerRow = work;
    return true;
  }
}
