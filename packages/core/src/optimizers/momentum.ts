/**
 * Heavy-ball momentum in PyTorch's form: `v = μv + g`, then `p −= lr·v`, or with Nesterov
 * `p −= lr·(g + μv)`. The velocity holds no learning rate, so it stays meaningful when lr changes live.
 */
export function momentumUpdate(
  p: Float64Array,
  g: Float64Array,
  velocity: Float64Array,
  n: number,
  learningRate: number,
  momentum: number,
  nesterov: boolean,
): void {
  for (let k = 0; k < n; k++) {
    const gk = g[k]!;
    const v = momentum * velocity[k]! + gk;
    velocity[k] = v;
    p[k] = p[k]! - learningRate * (nesterov ? gk + momentum * v : v);
  }
}
