import { tsDenseKernels, type DenseKernels } from '../layers/denseKernels.js';
import { decodeBase64 } from './base64.js';
import { createTinyEpochs, type TinyEpochs, type TinyEpochsExport } from './tinyEpochs.js';
import { createTinyStep, type TinyStep, type TinyStepExport } from './tinyStep.js';
import { TinyTable } from './tinyTable.js';
import { WasmArena } from './wasmArena.js';
import { DENSE_WASM_BASE64 } from './wasmBytes.js';
import { getWebAssembly, WASM_PAGE_BYTES } from './webAssemblyApi.js';

/** Options of {@link createWasmKernels}. */
export interface WasmKernelsOptions {
  /** Memory reserved up front, bytes (default 16 MiB); it grows on demand up to `maximumBytes`. */
  initialBytes?: number;
  /** Hard cap of the memory, bytes (default 2 GiB). */
  maximumBytes?: number;
  /**
   * Multiply-adds per call (`batch·inputs·outputs`) below which {@link WasmKernels.kernels} runs the TypeScript
   * kernel instead: on tiny layers the JS→wasm call costs more than SIMD saves. Default {@link DEFAULT_MIN_WASM_WORK}.
   */
  minWork?: number;
}

/** WASM SIMD dense kernels plus the allocator that places buffers where they can reach them. */
export interface WasmKernels {
  /**
   * Drop-in {@link DenseKernels}: WASM when every array lives in this memory (from {@link alloc}, or a subarray of one)
   * and the call is big enough, else the TypeScript reference. Its `activationForward` runs tanh and sigmoid in SIMD.
   */
  readonly kernels: DenseKernels;
  /** Always WASM; throws a RangeError if an array is not from {@link alloc} or too short for the shape. */
  readonly simd: DenseKernels;
  /** A zeroed `Float64Array(length)` inside the wasm memory; stays valid when the memory grows. */
  alloc(length: number): Float64Array;
  /** Returns a view from {@link alloc}; it must not be used afterwards. */
  free(view: Float64Array): void;
  readonly arena: WasmArena;
  /** Elementwise activations in SIMD; arrays outside this memory, or fewer than 8 values, take the `Math` path. */
  readonly activations: WasmActivations;
  /** A whole SGD step of a tiny network in one call (a default {@link Trainer} uses it when it applies). */
  readonly tinyStep: TinyStep;
  /** Whole full-batch epochs of a tiny network, with their loss and accuracy, in one call (same table as `tinyStep`). */
  readonly tinyEpochs: TinyEpochs;
}

/** `a[k] = f(z[k])` for `k < count`; `z` and `a` may be the same array. */
export interface WasmActivations {
  /** tanh, within 5e-16 relative of `Math.tanh`. */
  tanh(z: Float64Array, a: Float64Array, count: number): void;
  /** `1 / (1 + e^(−z))`, within 5e-16 relative of it computed with `Math.exp`; exactly 0 below z = −708. */
  sigmoid(z: Float64Array, a: Float64Array, count: number): void;
}

/** Values below which an activation call stays in JavaScript. */
const MIN_WASM_ACTIVATION = 8;

/** Work threshold of {@link WasmKernelsOptions.minWork}: the crossover `node bench/crossover.js` measured on this machine. */
export const DEFAULT_MIN_WASM_WORK = 128;

interface DenseExports {
  denseForward(w: number, b: number, bLen: number, x: number, z: number, batch: number, inputs: number, outputs: number): void;
  denseBackwardWeights(dz: number, x: number, dw: number, batch: number, inputs: number, outputs: number): void;
  denseBackwardInput(w: number, dz: number, dx: number, batch: number, inputs: number, outputs: number): void;
  tanhForward(z: number, a: number, n: number): void;
  sigmoidForward(z: number, a: number, n: number): void;
  tinyStep: TinyStepExport;
  tinyEpochs: TinyEpochsExport;
}

let compiledModule: object | undefined;

/** Instantiates the SIMD kernels (synchronously) in a fresh shared memory with its own {@link WasmArena}. */
export function createWasmKernels(options: WasmKernelsOptions = {}): WasmKernels {
  const api = getWebAssembly();
  const maximumBytes = options.maximumBytes ?? 2 ** 31;
  const initialBytes = Math.min(options.initialBytes ?? 16 * 2 ** 20, maximumBytes);
  const minWork = options.minWork ?? DEFAULT_MIN_WASM_WORK;
  const memory = new api.Memory({
    initial: Math.max(1, Math.ceil(initialBytes / WASM_PAGE_BYTES)),
    maximum: Math.ceil(maximumBytes / WASM_PAGE_BYTES),
    shared: true,
  });
  compiledModule ??= new api.Module(decodeBase64(DENSE_WASM_BASE64));
  const exports = new api.Instance(compiledModule, { env: { memory } }).exports as unknown as DenseExports;
  const arena = new WasmArena(memory, maximumBytes);
  // `view.buffer` costs ~50 ns a read in V8, so each view is checked once and then remembered either way.
  const verified = new WeakSet<Float64Array>();
  const foreign = new WeakSet<Float64Array>();
  const owned = (view: Float64Array): boolean => {
    if (view.length === 0 || verified.has(view)) return true;
    if (foreign.has(view)) return false;
    const mine = arena.owns(view);
    (mine ? verified : foreign).add(view);
    return mine;
  };

  // Length checks keep every wasm access inside the views it was given; ownership is checked by the callers below.
  const run: DenseKernels = {
    denseForward(w, b, x, z, batch, inputs, outputs) {
      requireLength('denseForward', 'w', w, outputs * inputs);
      requireLength('denseForward', 'x', x, batch * inputs);
      requireLength('denseForward', 'z', z, batch * outputs);
      if (b.length > 1) requireLength('denseForward', 'b', b, outputs);
      exports.denseForward(w.byteOffset, b.byteOffset, b.length, x.byteOffset, z.byteOffset, batch, inputs, outputs);
    },
    denseBackwardWeights(dz, x, dw, batch, inputs, outputs) {
      requireLength('denseBackwardWeights', 'dz', dz, batch * outputs);
      requireLength('denseBackwardWeights', 'x', x, batch * inputs);
      requireLength('denseBackwardWeights', 'dw', dw, outputs * inputs);
      exports.denseBackwardWeights(dz.byteOffset, x.byteOffset, dw.byteOffset, batch, inputs, outputs);
    },
    denseBackwardInput(w, dz, dx, batch, inputs, outputs) {
      requireLength('denseBackwardInput', 'w', w, outputs * inputs);
      requireLength('denseBackwardInput', 'dz', dz, batch * outputs);
      requireLength('denseBackwardInput', 'dx', dx, batch * inputs);
      exports.denseBackwardInput(w.byteOffset, dz.byteOffset, dx.byteOffset, batch, inputs, outputs);
    },
  };

  const simd: DenseKernels = {
    denseForward(w, b, x, z, batch, inputs, outputs) {
      requireOwned(owned, 'denseForward', { w, b, x, z });
      run.denseForward(w, b, x, z, batch, inputs, outputs);
    },
    denseBackwardWeights(dz, x, dw, batch, inputs, outputs) {
      requireOwned(owned, 'denseBackwardWeights', { dz, x, dw });
      run.denseBackwardWeights(dz, x, dw, batch, inputs, outputs);
    },
    denseBackwardInput(w, dz, dx, batch, inputs, outputs) {
      requireOwned(owned, 'denseBackwardInput', { w, dz, dx });
      run.denseBackwardInput(w, dz, dx, batch, inputs, outputs);
    },
  };

  const ts = tsDenseKernels;
  const kernels: DenseKernels = {
    denseForward(w, b, x, z, batch, inputs, outputs) {
      if (batch * inputs * outputs >= minWork && owned(w) && owned(b) && owned(x) && owned(z)) {
        run.denseForward(w, b, x, z, batch, inputs, outputs);
      } else ts.denseForward(w, b, x, z, batch, inputs, outputs);
    },
    denseBackwardWeights(dz, x, dw, batch, inputs, outputs) {
      if (batch * inputs * outputs >= minWork && owned(dz) && owned(x) && owned(dw)) {
        run.denseBackwardWeights(dz, x, dw, batch, inputs, outputs);
      } else ts.denseBackwardWeights(dz, x, dw, batch, inputs, outputs);
    },
    denseBackwardInput(w, dz, dx, batch, inputs, outputs) {
      if (batch * inputs * outputs >= minWork && owned(w) && owned(dz) && owned(dx)) {
        run.denseBackwardInput(w, dz, dx, batch, inputs, outputs);
      } else ts.denseBackwardInput(w, dz, dx, batch, inputs, outputs);
    },
    activationForward(name, z, a, count) {
      if (count < MIN_WASM_ACTIVATION || (name !== 'tanh' && name !== 'sigmoid') || !owned(z) || !owned(a)) return false;
      requireLength(name, 'z', z, count);
      requireLength(name, 'a', a, count);
      if (name === 'tanh') exports.tanhForward(z.byteOffset, a.byteOffset, count);
      else exports.sigmoidForward(z.byteOffset, a.byteOffset, count);
      return true;
    },
  };

  const activations: WasmActivations = {
    tanh(z, a, count) {
      if (count >= MIN_WASM_ACTIVATION && owned(z) && owned(a)) {
        requireLength('tanh', 'z', z, count);
        requireLength('tanh', 'a', a, count);
        exports.tanhForward(z.byteOffset, a.byteOffset, count);
      } else for (let k = 0; k < count; k++) a[k] = Math.tanh(z[k]!);
    },
    sigmoid(z, a, count) {
      if (count >= MIN_WASM_ACTIVATION && owned(z) && owned(a)) {
        requireLength('sigmoid', 'z', z, count);
        requireLength('sigmoid', 'a', a, count);
        exports.sigmoidForward(z.byteOffset, a.byteOffset, count);
      } else for (let k = 0; k < count; k++) a[k] = 1 / (1 + Math.exp(-z[k]!));
    },
  };

  const tinyTable = new TinyTable((length) => arena.alloc(length), owned);
  return {
    kernels,
    simd,
    activations,
    tinyStep: createTinyStep(exports.tinyStep, tinyTable),
    tinyEpochs: createTinyEpochs(exports.tinyEpochs, tinyTable, (length) => arena.alloc(length)),
    alloc: (length) => arena.alloc(length),
    free: (view) => arena.free(view),
    arena,
  };
}

/** The strict path's check; it allocates its argument object, which the dispatching path avoids. */
function requireOwned(owned: (view: Float64Array) => boolean, kernel: string, views: Record<string, Float64Array>): void {
  for (const name in views) {
    if (!owned(views[name]!)) throw new RangeError(`${kernel}: ${name} must come from this WasmKernels' alloc(), got a foreign Float64Array`);
  }
}

function requireLength(kernel: string, name: string, view: Float64Array, need: number): void {
  if (view.length < need) throw new RangeError(`${kernel}: ${name} needs ${need} values for this shape, got ${view.length}`);
}
