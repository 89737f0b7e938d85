import { now } from './clock.js';
import type { EpochMetrics } from '../contract/config.js';
import type { EpochLog } from './epochLog.js';
import type { TrainingState } from './state.js';
import type { StepTimer } from './stepTimer.js';

/** Check the clock every this many batches inside {@link runSteppedFor}. */
const CLOCK_EVERY = 4;

/**
 * The layer-by-layer path of {@link Trainer.runEpochs}: whole epochs from time `start` until `out` holds `n` records
 * or the run diverges, calling `onEpoch` after each.
 */
export function runSteppedEpochs(state: TrainingState, n: number, start: number, onEpoch: ((m: EpochMetrics) => void) | undefined, out: EpochMetrics[]): void {
  const evaluates = state.dataset.test.count > 0;
  for (let e = out.length; e < n && !state.diverged; e++) {
    while (!state.runBatch());
    const end = now();
    const m = state.finishEpoch(state.carriedMs + end - start, end);
    out.push(m);
    onEpoch?.(m);
    start = evaluates || onEpoch ? now() : end;
  }
}

/**
 * The layer-by-layer path of {@link Trainer.runFor}: batches from time `begin` until `deadline` (the clock read every
 * {@link CLOCK_EVERY} batches and at each epoch end), `maxEpochs` more records in `out`, or divergence. An unfinished
 * epoch's time so far is carried to the next call.
 */
export function runSteppedFor(state: TrainingState, begin: number, deadline: number, maxEpochs: number, onEpoch: ((m: EpochMetrics) => void) | undefined, out: EpochMetrics[] | EpochLog): void {
  const last = out.length + maxEpochs;
  const evaluates = state.dataset.test.count > 0;
  let segment = begin;
  let batches = 0;
  for (;;) {
    if (state.runBatch()) {
      const end = now();
      const m = state.finishEpoch(state.carriedMs + end - segment, end);
      out.push(m);
      onEpoch?.(m);
      // One clock read an epoch unless test evaluation or the callback ran, which are not training time.
      segment = evaluates || onEpoch ? now() : end;
      if (state.diverged || out.length >= last || segment >= deadline) return;
    } else if (++batches % CLOCK_EVERY === 0) {
      const time = now();
      if (time >= deadline) {
        state.carriedMs += time - segment;
        return;
      }
    }
  }
}

/** The layer-by-layer path of {@link Trainer.stepBatch}: one batch timed by `timer`; the epoch's record if it ended. */
export function stepOneBatch(state: TrainingState, timer: StepTimer): EpochMetrics | null {
  const start = timer.start();
  const done = state.runBatch();
  const ms = timer.stop(start);
  if (done) return state.finishEpoch(state.carriedMs + ms, timer.end);
  state.carriedMs += ms;
  return null;
}
