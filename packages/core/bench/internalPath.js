// The fastest internal path of a task's public-API trainer, the floor the public entry points are held to: the engine's
// own loop with no record an epoch, no clock and no per-call checks. A full-batch tiny network (xor) runs the fused
// kernel 256 epochs a wasm call; any other network runs `runBatch()` back to back (an epoch ends when it returns true).
import { fusedEpochsFor, trainFusedEpochs } from '../dist/training/fusedEpochs.js';
import { TINY_EPOCHS_MAX } from '../dist/kernels/tinyEpochs.js';

/** `step(n)`: about `n` epochs of `trainer` (a fresh one: it reaches into its private state), returns the epochs done. */
export function createInternalStep(trainer) {
  const state = trainer.state;
  const tiny = fusedEpochsFor(state);
  if (tiny !== undefined) {
    return (n) => {
      let done = 0;
      while (done < n) done += trainFusedEpochs(state, tiny, Math.min(TINY_EPOCHS_MAX, n - done));
      return done;
    };
  }
  return (n) => {
    for (let e = 0; e < n; e++) while (!state.runBatch());
    return n;
  };
}
