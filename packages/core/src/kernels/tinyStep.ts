import type { DenseLayer } from '../layers/denseLayer.js';
import type { Workspace } from '../network/workspace.js';
import type { TinyTable } from './tinyTable.js';

/**
 * One SGD step of a small network in a single wasm call: forward, output delta `scale·(a − y)` (times `f'` unless
 * `combined`, sigmoid with cross-entropy), backward and the update, on the first `batch` rows of `ws.x`/`ws.y`.
 * Leaves `ws` and every `dw`/`db` as the layer-by-layer path does. Returns false, computing nothing, when the network
 * is too big for it, has an activation it lacks (softmax, leaky ReLU), or a buffer outside the wasm memory.
 */
export type TinyStep = (layers: readonly DenseLayer[], ws: Workspace, batch: number, learningRate: number, scale: number, combined: boolean) => boolean;

/** The wasm export; see dense.wat `tinyStep`. */
export type TinyStepExport = (table: number, layers: number, x: number, y: number, batch: number, lr: number, scale: number, combined: number) => void;

/** A {@link TinyStep} over `run`, with its layer pointers in `table`. */
export function createTinyStep(run: TinyStepExport, table: TinyTable): TinyStep {
  return (layers, ws, batch, learningRate, scale, combined) => {
    if (!table.prepare(layers, ws, batch)) return false;
    run(table.offset, layers.length, table.x, table.y, batch, learningRate, scale, combined ? 1 : 0);
    return true;
  };
}
