import type { Samples } from '../datasets/types.js';
import type { TaskKind } from '../datasets/types.js';
import { batchLoss, type Loss } from '../losses/loss.js';
import type { Network } from '../network/network.js';
import type { Workspace } from '../network/workspace.js';

/** Copies rows `order[start..start+count)` of a `[rows][width]` matrix into `dst`, densely. */
export function gatherRows(src: Float64Array, order: Uint32Array, start: number, count: number, width: number, dst: Float64Array): void {
  for (let r = 0; r < count; r++) {
    const from = order[start + r]! * width;
    const to = r * width;
    for (let j = 0; j < width; j++) dst[to + j] = src[from + j]!;
  }
}

/** Correct predictions in a batch: binary thresholds one output at 0.5, multiclass compares argmax; 0 for regression. */
export function countCorrect(a: Float64Array, y: Float64Array, batch: number, width: number, task: TaskKind): number {
  if (task === 'regression') return 0;
  let correct = 0;
  if (width === 1) {
    for (let r = 0; r < batch; r++) if (a[r]! >= 0.5 === y[r]! >= 0.5) correct++;
    return correct;
  }
  for (let r = 0; r < batch; r++) {
    const off = r * width;
    let best = 0;
    let target = 0;
    for (let j = 1; j < width; j++) {
      if (a[off + j]! > a[off + best]!) best = j;
      if (y[off + j]! > y[off + target]!) target = j;
    }
    if (best === target) correct++;
  }
  return correct;
}

/** Mean per-sample loss and accuracy over a split, forwarded in workspace-sized chunks; NaN/null when empty. */
export function evaluateSamples(
  net: Network,
  ws: Workspace,
  samples: Samples,
  loss: Loss,
  task: TaskKind,
): { loss: number; accuracy: number | null } {
  const n = samples.count;
  if (n === 0) return { loss: Number.NaN, accuracy: null };
  const inDim = net.inputs;
  const outDim = net.outputs;
  let total = 0;
  let correct = 0;
  for (let start = 0; start < n; start += ws.capacity) {
    const batch = Math.min(ws.capacity, n - start);
    ws.x.set(samples.x.subarray(start * inDim, (start + batch) * inDim));
    ws.y.set(samples.y.subarray(start * outDim, (start + batch) * outDim));
    const a = net.forward(ws, batch);
    total += batchLoss(loss, a, ws.y, batch, outDim);
    correct += countCorrect(a, ws.y, batch, outDim, task);
  }
  return { loss: total / n, accuracy: task === 'regression' ? null : correct / n };
}
