import { resetOptimizerSlots } from '../optimizers/step.js';
import { buildNetwork } from './buildNetwork.js';
import type { Engine } from './engine.js';
import { TrainingState } from './state.js';

/**
 * Draws new initial weights for the current shape from the continuing random stream (explicit
 * config weights ignored) and restarts at epoch 0 with fresh optimizer state.
 */
export function reinitialize(state: TrainingState, engine: Engine): void {
  const rng = state.rng;
  const { weights: _explicit, ...network } = state.config.network;
  const fresh = buildNetwork(network, rng.nextUint32(), rng, engine);
  const old = state.network.layers.splice(0, state.network.layers.length, ...fresh.layers);
  for (const layer of old) state.network.releaseLayer(layer);
  state.network.shapeVersion++;
  resetOptimizerSlots(state.network.layers);
  state.step = 0;
  state.epoch = 0;
  state.diverged = false;
  state.lastMetrics = null;
  state.refreshWorkspaces();
  state.resetOrder();
}

/**
 * The state {@link Trainer.reset} continues with, saved as its last finite state: `replay` a fresh one (the old one's
 * buffers released) rebuilt from the seed or the config's explicit weights, `reinit` this one with new weights.
 */
export function resetState(state: TrainingState, mode: 'reinit' | 'replay', engine: Engine): TrainingState {
  let next = state;
  if (mode === 'replay') {
    state.release();
    next = new TrainingState(state.config, state.dataset, engine);
  } else {
    reinitialize(state, engine);
  }
  next.resaveFinite();
  return next;
}
