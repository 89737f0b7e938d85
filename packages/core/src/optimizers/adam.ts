/**
 * Adam (Kingma & Ba) with bias correction; `t` is the 1-based count of steps taken with these moments.
 * `m`, `v` are the first and second moment estimates, updated in place.
 */
export function adamUpdate(
  p: Float64Array,
  g: Float64Array,
  m: Float64Array,
  v: Float64Array,
  n: number,
  learningRate: number,
  beta1: number,
  beta2: number,
  epsilon: number,
  t: number,
): void {
  const c1 = 1 / (1 - Math.pow(beta1, t));
  const c2 = 1 / (1 - Math.pow(beta2, t));
  for (let k = 0; k < n; k++) {
    const gk = g[k]!;
    const mk = beta1 * m[k]! + (1 - beta1) * gk;
    const vk = beta2 * v[k]! + (1 - beta2) * gk * gk;
    m[k] = mk;
    v[k] = vk;
    p[k] = p[k]! - (learningRate * (mk * c1)) / (Math.sqrt(vk * c2) + epsilon);
  }
}
