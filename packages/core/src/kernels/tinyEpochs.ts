import type { DenseLayer } from '../layers/denseLayer.js';
import type { Workspace } from '../network/workspace.js';
import type { TinyTable } from './tinyTable.js';

/** Most epochs one {@link TinyEpochs.run} call takes: the size of its results buffer. */
export const TINY_EPOCHS_MAX = 256;

/** How {@link TinyEpochs.run} counts correct rows: none (regression), one output thresholded at 0.5, or argmax. */
export type TinyAccuracy = 'none' | 'threshold' | 'argmax';

/**
 * Whole full-batch epochs of a small network in one wasm call: each is one {@link TinyStep} with squared error on the
 * first `batch` rows of `ws.x`/`ws.y` (the whole training set), followed by the loss and accuracy of its forward pass.
 */
export interface TinyEpochs {
  /**
   * Runs up to `epochs` (at most {@link TINY_EPOCHS_MAX}) steps and returns how many ran: all of them, or up to and
   * including the first with a non-finite loss; 0, computing nothing, where a {@link TinyStep} would return false.
   */
  run(layers: readonly DenseLayer[], ws: Workspace, batch: number, learningRate: number, scale: number, epochs: number, accuracy: TinyAccuracy): number;
  /**
   * Per epoch `k` of the last `run`: `[2k]` the summed squared error `Σ_rows ½Σ(a − y)²`, bit for bit what
   * `batchLoss(squaredError, …)` gives, and `[2k+1]` the correct rows as `countCorrect` counts them. Overwritten by the next run.
   */
  readonly results: Float64Array;
  /**
   * {@link run} with every argument but `epochs` fixed, its pointers read once: for callers that run the same network
   * many times (a trainer between two live changes). Null, computing nothing, where `run` would return 0.
   */
  bind(layers: readonly DenseLayer[], ws: Workspace, batch: number, learningRate: number, scale: number, accuracy: TinyAccuracy): BoundTinyEpochs | null;
}

/** A {@link TinyEpochs.run} with its arguments bound. */
export interface BoundTinyEpochs {
  /**
   * Runs up to `epochs` (1 to {@link TINY_EPOCHS_MAX}) epochs and returns how many ran, as {@link TinyEpochs.run}; -1,
   * computing nothing, when the kernel set's layer table was rewritten since the bind (bind again).
   */
  run(epochs: number): number;
  /** `run(1)` without checking the count: the trainer's one-epoch calls, whose optimized code has no room to spare. */
  runOne(): number;
  /**
   * {@link TinyEpochs.results}, read once at the bind: the getter's closure differs per kernel set, so with several
   * trainers in one process a read through it is a generic property load on every call (~20 ns).
   */
  readonly results: Float64Array;
}

/** The wasm export; see dense.wat `tinyEpochs`. */
export type TinyEpochsExport = (table: number, layers: number, x: number, y: number, batch: number, lr: number, scale: number, epochs: number, out: number, accuracy: number) => number;

const accuracyCode = (accuracy: TinyAccuracy): number => (accuracy === 'threshold' ? 1 : accuracy === 'argmax' ? 2 : 0);

/** A {@link TinyEpochs} over `run`, with its layer pointers in `table` and its results in `alloc`'s memory. */
export function createTinyEpochs(run: TinyEpochsExport, table: TinyTable, alloc: (length: number) => Float64Array): TinyEpochs {
  // Allocated on first use, like the table.
  let results: Float64Array<ArrayBufferLike> = new Float64Array(0);
  let resultsOffset = 0;
  const prepare = (layers: readonly DenseLayer[], ws: Workspace, batch: number): boolean => {
    if (!table.prepare(layers, ws, batch)) return false;
    if (results.length === 0) {
      results = alloc(2 * TINY_EPOCHS_MAX);
      resultsOffset = results.byteOffset;
    }
    return true;
  };
  return {
    run(layers, ws, batch, learningRate, scale, epochs, accuracy) {
      checkEpochs(epochs);
      if (!prepare(layers, ws, batch)) return 0;
      return run(table.offset, layers.length, table.x, table.y, batch, learningRate, scale, epochs, resultsOffset, accuracyCode(accuracy));
    },
    get results() {
      return results;
    },
    bind(layers, ws, batch, learningRate, scale, accuracy) {
      if (!prepare(layers, ws, batch)) return null;
      const { generation, offset, x, y } = table;
      const count = layers.length;
      const out = resultsOffset;
      const code = accuracyCode(accuracy);
      return {
        run(epochs) {
          if (!(epochs >= 1 && epochs <= TINY_EPOCHS_MAX && epochs === Math.floor(epochs))) checkEpochs(epochs);
          if (table.generation !== generation) return -1;
          return run(offset, count, x, y, batch, learningRate, scale, epochs, out, code);
        },
        runOne() {
          return table.generation === generation ? run(offset, count, x, y, batch, learningRate, scale, 1, out, code) : -1;
        },
        results,
      };
    },
  };
}

function checkEpochs(epochs: number): void {
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > TINY_EPOCHS_MAX) {
    throw new RangeError(`tinyEpochs: expected 1 to ${TINY_EPOCHS_MAX} epochs, got ${epochs}`);
  }
}
