import type { LayerSnapshot, Snapshot } from '../contract/config.js';
import { LIMITS } from '../contract/limits.js';
import type { TrainingState } from './state.js';
import type { SnapshotOptions } from './traceTypes.js';

const DEFAULT_GRID = 50;

function clampGrid(value: number | undefined, fallback: number): number {
  const n = value === undefined || !Number.isFinite(value) ? fallback : Math.floor(value);
  return Math.max(0, Math.min(LIMITS.maxSurfaceGrid, n));
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k]! * v[k]!;
  return Math.sqrt(s);
}

/**
 * The state the dashboard draws. Grids sample cell centres: value `[row*size + col]` is at
 * `x = xMin + (col + ½)·(xMax − xMin)/size`, `y = yMax − (row + ½)·(yMax − yMin)/size` (row 0 on top, like an image).
 */
export function takeSnapshot(state: TrainingState, opts: SnapshotOptions = {}): Snapshot {
  const net = state.network;
  const layers: LayerSnapshot[] = net.layers.map((layer) => ({
    inputs: layer.inputs,
    outputs: layer.outputs,
    activation: layer.activation.name,
    weights: layer.w.slice(),
    bias: layer.b.slice(),
    gradientNorm: Math.sqrt(norm(layer.dw) ** 2 + norm(layer.db) ** 2),
  }));
  const snapshot: Snapshot = { epoch: state.epoch, metrics: state.lastMetrics, layers };
  const extent = state.dataset.extent;
  if (!extent) return snapshot;
  const grid = clampGrid(opts.grid, DEFAULT_GRID);
  const thumbGrid = clampGrid(opts.thumbnailGrid, 0);
  if (grid > 0) {
    const per = gridActivations(state, grid, false);
    const outputs = per[per.length - 1]!;
    snapshot.surface = { size: grid, channels: outputs.length / (grid * grid), extent: [...extent], values: outputs };
  }
  if (thumbGrid > 0) snapshot.thumbnails = { size: thumbGrid, layers: gridActivations(state, thumbGrid, true) };
  return snapshot;
}

/**
 * Forwards every grid point and returns, per layer (inputs first when `withInputs`), `[neurons][size*size]`.
 * Without `withInputs` only the output layer is filled, in the last array.
 */
function gridActivations(state: TrainingState, size: number, withInputs: boolean): Float32Array[] {
  const net = state.network;
  const ws = state.evalWs;
  const [xMin, xMax, yMin, yMax] = state.dataset.extent!;
  const cells = size * size;
  const inDim = net.inputs;
  const out: Float32Array[] = [];
  if (withInputs) out.push(new Float32Array(inDim * cells));
  for (let l = 0; l < net.layers.length; l++) {
    const units = withInputs || l === net.layers.length - 1 ? net.layers[l]!.outputs : 0;
    out.push(new Float32Array(units * cells));
  }
  const feature = new Float64Array(inDim);
  const offset = withInputs ? 1 : 0;
  for (let start = 0; start < cells; start += ws.capacity) {
    const batch = Math.min(ws.capacity, cells - start);
    for (let r = 0; r < batch; r++) {
      const cell = start + r;
      const row = Math.floor(cell / size);
      const col = cell - row * size;
      const px = xMin + ((col + 0.5) * (xMax - xMin)) / size;
      const py = yMax - ((row + 0.5) * (yMax - yMin)) / size;
      state.dataset.features(px, py, feature);
      ws.x.set(feature, r * inDim);
      if (withInputs) for (let j = 0; j < inDim; j++) out[0]![j * cells + cell] = feature[j]!;
    }
    net.forward(ws, batch);
    for (let l = 0; l < net.layers.length; l++) {
      const width = net.layers[l]!.outputs;
      const target = out[l + offset]!;
      const units = target.length / cells;
      const a = ws.a[l]!;
      for (let u = 0; u < units; u++) for (let r = 0; r < batch; r++) target[u * cells + start + r] = a[r * width + u]!;
    }
  }
  return out;
}
