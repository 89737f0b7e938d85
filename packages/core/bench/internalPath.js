// The fastest internal path of a task's public-API trainer, the floor the public entry points are held to: the engine's
// own loop with no record an epoch, no clock and no per-call checks. A full-batch tiny network (xor) runs the fused
// kernel 256 epochs a wasm call; any other network runs `runBatch()` back to back (an epoch ends when it returns true).
// It uses only internals that builds before issue 13's second round have too, so `--before` A/B runs can use it.
import { fusedEpochsFor } from '../dist/training/fusedEpochs.js';
import { TINY_EPOCHS_MAX } from '../dist/kernels/tinyEpochs.js';

/** `step(n)`: about `n` epochs of `trainer` (a fresh one: it reaches into its private state), returns the epochs done. */
export function createInternalStep(trainer) {
  const state = trainer.state;
  const tiny = fusedEpochsFor(state);
  if (tiny !== undefined) {
    const rows = state.dataset.train.count;
    const training = state.config.training;
    const scale = training.reduction === 'mean' ? 1 / rows : 1;
    const accuracy = state.dataset.task === 'regression' ? 'none' : state.network.outputs === 1 ? 'threshold' : 'argmax';
    state.gatherBatch(rows, true);
    return (n) => {
      let done = 0;
      while (done < n) {
        const epochs = Math.min(TINY_EPOCHS_MAX, n - done);
        if (tiny.run(state.network.layers, state.trainWs, rows, training.optimizer.learningRate, scale, epochs, accuracy) !== epochs) {
          throw new Error('the fused kernel declined the network or the run diverged');
        }
        done += epochs;
      }
      return done;
    };
  }
  return (n) => {
    for (let e = 0; e < n; e++) while (!state.runBatch());
    return n;
  };
}
