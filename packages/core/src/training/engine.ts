import type { Allocate, Release } from '../layers/allocate.js';
import { tsDenseKernels, type DenseKernels } from '../layers/denseKernels.js';
import type { TinyEpochs } from '../kernels/tinyEpochs.js';
import type { TinyStep } from '../kernels/tinyStep.js';
import { createWasmKernels } from '../kernels/wasmKernels.js';

/** Options of a {@link Trainer} that are not part of the experiment. */
export interface TrainerOptions {
  /**
   * Dense kernels to run. Without `kernels` and `allocate` a trainer runs the WASM SIMD kernels and
   * activations with every buffer in its own wasm memory when the runtime supports them, else the
   * TypeScript ones; pass `{ kernels: tsDenseKernels }` for the plain TypeScript reference.
   */
  kernels?: DenseKernels;
  /** Allocator of every network buffer (e.g. a WASM kernel set's, so its buffers live in wasm memory). */
  allocate?: Allocate;
  /** Takes back buffers of `allocate` that topology edits and resets replace (e.g. a WASM kernel set's `free`); used only with `allocate`. */
  free?: Release;
}

/** Which kernels a trainer runs; see {@link Engine.backend}. */
export type TrainerBackend = 'wasm' | 'typescript' | 'custom';

/** The kernels and buffer allocator a trainer's networks use; `undefined` parts take the plain TypeScript defaults. */
export interface Engine {
  /** `wasm`: the default SIMD kernel set; `typescript`: the plain reference; `custom`: the caller's options. */
  readonly backend: TrainerBackend;
  readonly kernels?: DenseKernels | undefined;
  readonly allocate?: Allocate | undefined;
  readonly release?: Release | undefined;
  /** The fused whole-step path for tiny networks (default WASM engine only). */
  readonly tinyStep?: TinyStep | undefined;
  /** Whole full-batch epochs of a tiny network in one call (default WASM engine only). */
  readonly tinyEpochs?: TinyEpochs | undefined;
}

const TYPESCRIPT: Engine = { backend: 'typescript' };

/** Memory a default trainer reserves up front; it grows on demand, so small networks stay small. */
const DEFAULT_INITIAL_BYTES = 1 << 20;

/**
 * The engine of a trainer built with `options`: the caller's kernels and allocator when it names any, else a
 * fresh WASM kernel set (one memory per trainer, released with it) or, without WebAssembly SIMD, the TypeScript path.
 */
export function resolveEngine(options: TrainerOptions): Engine {
  if (options.kernels === tsDenseKernels && options.allocate === undefined) return TYPESCRIPT;
  if (options.kernels !== undefined || options.allocate !== undefined) {
    const release = options.allocate === undefined ? undefined : options.free;
    return { backend: 'custom', kernels: options.kernels, allocate: options.allocate, release };
  }
  try {
    const wasm = createWasmKernels({ initialBytes: DEFAULT_INITIAL_BYTES });
    return { backend: 'wasm', kernels: wasm.kernels, allocate: wasm.alloc, release: wasm.free, tinyStep: wasm.tinyStep, tinyEpochs: wasm.tinyEpochs };
  } catch {
    // No WebAssembly, no SIMD, or no shared memory (a browser page without cross-origin isolation).
    return TYPESCRIPT;
  }
}
