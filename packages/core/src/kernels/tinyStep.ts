import type { Activation } from '../activations/activation.js';
import type { DenseLayer } from '../layers/denseLayer.js';
import type { Workspace } from '../network/workspace.js';
import type { ActivationName } from '../training/config.js';

/**
 * One SGD step of a small network in a single wasm call: forward, output delta `scale·(a − y)` (times `f'` unless
 * `combined`, sigmoid with cross-entropy), backward and the update, on the first `batch` rows of `ws.x`/`ws.y`.
 * Leaves `ws` and every `dw`/`db` as the layer-by-layer path does. Returns false, computing nothing, when the network
 * is too big for it, has an activation it lacks (softmax, leaky ReLU), or a buffer outside the wasm memory.
 */
export type TinyStep = (layers: readonly DenseLayer[], ws: Workspace, batch: number, learningRate: number, scale: number, combined: boolean) => boolean;

/**
 * Multiply-adds a step (`batch·Σ inputs·outputs`) above which the layer-by-layer SIMD kernels win: xor's step is 80;
 * spiral's batch of 10 (3040) ran at 1.06e6 samples/s fused against 1.30e6 layer by layer (`node bench/run.js`).
 */
export const TINY_STEP_MAX_WORK = 1024;

/** The wasm export; see dense.wat `tinyStep`. */
export type TinyStepExport = (table: number, layers: number, x: number, y: number, batch: number, lr: number, scale: number, combined: number) => void;

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

/** A {@link TinyStep} over `run`, with its layer table in `alloc`'s memory; `owned` tells views of that memory. */
export function createTinyStep(run: TinyStepExport, alloc: (length: number) => Float64Array, owned: (view: Float64Array) => boolean): TinyStep {
  // Allocated on first use, so a kernel set that never runs a tiny step has no table in its arena.
  let table: Int32Array<ArrayBufferLike> = new Int32Array(0);
  // The pointers are written once per (layers, workspace) pair: layers are replaced, never resized, on topology edits.
  const cached: DenseLayer[] = [];
  let cachedWs: Workspace | undefined;
  let cachedFits = false;
  const cachedActivations: Activation[] = [];
  let workPerRow = 0;

  const writeActivation = (l: number, layer: DenseLayer): boolean => {
    const code = activationCode(layer.activation.name);
    if (code < 0) return false;
    table[l * FIELDS + 10] = code;
    table[l * FIELDS + 11] = layer.biasTrainable ? 1 : 0;
    cachedActivations[l] = layer.activation;
    return true;
  };

  const fits = (layers: readonly DenseLayer[], ws: Workspace): boolean => {
    if (layers.length > MAX_LAYERS || ws.z.length !== layers.length) return false;
    if (table.length === 0) {
      const view = alloc((MAX_LAYERS * FIELDS) / 2);
      table = new Int32Array(view.buffer, view.byteOffset, MAX_LAYERS * FIELDS);
    }
    let work = 0;
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l]!;
      const views = [layer.w, layer.b, layer.dw, layer.db, ws.z[l]!, ws.a[l]!, ws.d[l]!];
      for (const view of views) if (!owned(view)) return false;
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
    if (!owned(ws.x) || !owned(ws.y)) return false;
    workPerRow = work;
    return true;
  };

  return (layers, ws, batch, learningRate, scale, combined) => {
    const count = layers.length;
    let same = ws === cachedWs && cached.length === count;
    for (let l = 0; same && l < count; l++) same = cached[l] === layers[l];
    if (!same) {
      cachedFits = fits(layers, ws);
      cached.length = 0;
      cached.push(...layers);
      cachedActivations.length = 0;
      cachedWs = ws;
    }
    if (!cachedFits || batch > ws.capacity || batch * workPerRow > TINY_STEP_MAX_WORK) return false;
    // Activations change live without a new layer; their codes are rewritten when one does.
    for (let l = 0; l < count; l++) {
      const activation = layers[l]!.activation;
      if (cachedActivations[l] !== activation && !writeActivation(l, layers[l]!)) return false;
    }
    run(table.byteOffset, count, ws.x.byteOffset, ws.y.byteOffset, batch, learningRate, scale, combined ? 1 : 0);
    return true;
  };
}
