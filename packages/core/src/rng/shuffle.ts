import type { Rng } from './rng.js';

/**
 * Fisher–Yates shuffle of `indices` in place, drawing one `rng.random()` per position.
 * Allocates nothing, so the trainer can call it every epoch on a preallocated index array.
 */
export function shuffleInPlace(indices: Uint32Array, rng: Rng): void {
  for (let i = indices.length - 1; i > 0; i--) {
    const j = Math.floor(rng.random() * (i + 1));
    const tmp = indices[i]!;
    indices[i] = indices[j]!;
    indices[j] = tmp;
  }
}
