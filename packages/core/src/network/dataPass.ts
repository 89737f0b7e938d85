import type { Network } from './network.js';
import type { Workspace } from './workspace.js';

/** Rows per forward pass of a data pass. */
const CHUNK = 256;

/** Input rows to pass through a network: `x` is `[count][inputs]`. */
export interface InputRows {
  x: Float64Array;
  count: number;
}

/** Forwards every row of `sets` through `net` in chunks; `visit` sees each chunk's filled workspace. */
export function forwardRows(net: Network, sets: readonly InputRows[], visit: (ws: Workspace, batch: number) => void): void {
  const ws = net.createWorkspace(CHUNK);
  try {
    for (const { x, count } of sets) {
      for (let start = 0; start < count; start += CHUNK) {
        const batch = Math.min(CHUNK, count - start);
        ws.x.set(x.subarray(start * net.inputs, (start + batch) * net.inputs));
        net.forward(ws, batch);
        visit(ws, batch);
      }
    }
  } finally {
    net.releaseWorkspace(ws);
  }
}

/**
 * Per-unit statistics of one column block over the data: the range of `u` and the sums of a least-squares
 * fit `v ≈ α·u + β` (for a layer's pre-activation `u = z` and activation `v = a`).
 */
export class UnitStats {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  private n = 0;
  private readonly su: Float64Array;
  private readonly suu: Float64Array;
  private readonly sv: Float64Array;
  private readonly suv: Float64Array;

  constructor(readonly width: number) {
    this.lo = new Float64Array(width).fill(Infinity);
    this.hi = new Float64Array(width).fill(-Infinity);
    this.su = new Float64Array(width);
    this.suu = new Float64Array(width);
    this.sv = new Float64Array(width);
    this.suv = new Float64Array(width);
  }

  /** Adds `batch` rows of `u` and `v`, both `[batch][width]`. */
  add(u: Float64Array, v: Float64Array, batch: number): void {
    const w = this.width;
    for (let r = 0; r < batch; r++) {
      for (let k = 0; k < w; k++) {
        const uk = u[r * w + k]!;
        const vk = v[r * w + k]!;
        if (uk < this.lo[k]!) this.lo[k] = uk;
        if (uk > this.hi[k]!) this.hi[k] = uk;
        this.su[k] = this.su[k]! + uk;
        this.suu[k] = this.suu[k]! + uk * uk;
        this.sv[k] = this.sv[k]! + vk;
        this.suv[k] = this.suv[k]! + uk * vk;
      }
    }
    this.n += batch;
  }

  get rows(): number {
    return this.n;
  }

  /** Least-squares `v ≈ α·u + β` of unit `k`; a unit whose `u` never varies gets `α = 0`, `β` = mean of `v`. */
  fit(k: number): { alpha: number; beta: number } {
    const n = this.n;
    if (n === 0) return { alpha: 1, beta: 0 };
    const varU = n * this.suu[k]! - this.su[k]! * this.su[k]!;
    const alpha = this.hi[k]! > this.lo[k]! && varU > 0 ? (n * this.suv[k]! - this.su[k]! * this.sv[k]!) / varU : 0;
    return { alpha, beta: (this.sv[k]! - alpha * this.su[k]!) / n };
  }
}

/** Statistics of what enters layer `layer` over the data: the raw inputs for layer 0, else the activation below. */
export function inputStats(net: Network, sets: readonly InputRows[], layer: number): UnitStats {
  const width = layer === 0 ? net.inputs : net.layers[layer - 1]!.outputs;
  const stats = new UnitStats(width);
  forwardRows(net, sets, (ws, batch) => {
    const h = layer === 0 ? ws.x : ws.a[layer - 1]!;
    stats.add(h, h, batch);
  });
  return stats;
}

/** Statistics of layer `layer`'s pre-activation `z` against its activation `a` over the data. */
export function preActivationStats(net: Network, sets: readonly InputRows[], layer: number): UnitStats {
  const stats = new UnitStats(net.layers[layer]!.outputs);
  forwardRows(net, sets, (ws, batch) => stats.add(ws.z[layer]!, ws.a[layer]!, batch));
  return stats;
}
