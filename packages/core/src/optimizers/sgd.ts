/** Plain gradient descent: `p −= lr·g` over the first `n` entries. */
export function sgdUpdate(p: Float64Array, g: Float64Array, n: number, learningRate: number): void {
  for (let k = 0; k < n; k++) p[k] = p[k]! - learningRate * g[k]!;
}
