import { now } from './clock.js';
import { TINY_EPOCHS_MAX } from '../kernels/tinyEpochs.js';
import type { EpochMetrics } from '../contract/config.js';
import type { EpochLog } from './epochLog.js';
import { FusedPlan } from './fusedEpochs.js';
import type { TrainingState } from './state.js';
import { runSteppedEpochs, runSteppedFor, stepOneBatch } from './steppedEpochs.js';
import { StepTimer } from './stepTimer.js';

/** Epochs of each {@link EpochRunner.runEpochs} call inside {@link EpochRunner.train}: its records die young. */
const TRAIN_CHUNK = TINY_EPOCHS_MAX;

/**
 * The training calls of a {@link Trainer} (see their TSDoc there): each takes the fused whole-epoch path when it can,
 * else the layer-by-layer one. It keeps what it learns across calls — whether the fused path applies, and what a
 * one-unit call costs — until {@link forget}: the trainer calls it whenever its config, network or data may change.
 */
export class EpochRunner {
  /** Times `runEpochs(1)` and `stepBatch()` calls, reading the clock once in 64 when they are cheap. */
  private readonly epochTimer = new StepTimer();
  private readonly batchTimer = new StepTimer();
  /** The fused path of the current state; undefined until decided, null when it does not apply. */
  private plan: FusedPlan | null | undefined;

  runEpochs(state: TrainingState, n: number, onEpoch?: (m: EpochMetrics) => void): EpochMetrics[] {
    // One fused epoch a call stays apart from the rest, so that optimizing a caller inlines all of its short path.
    if (n === 1 && onEpoch === undefined) {
      const m = this.fusedPlan(state)?.runOne(this.epochTimer);
      if (m) return [m];
    }
    return this.runMany(state, n, onEpoch);
  }

  private runMany(state: TrainingState, n: number, onEpoch: ((m: EpochMetrics) => void) | undefined): EpochMetrics[] {
    const plan = onEpoch === undefined ? this.fusedPlan(state) : null;
    const out: EpochMetrics[] = [];
    let start = now();
    while (plan !== null && out.length < n && !state.diverged) {
      const end = plan.runEpochs(Math.min(TINY_EPOCHS_MAX, Math.ceil(n - out.length)), start, out);
      if (Number.isNaN(end)) break;
      start = end;
    }
    runSteppedEpochs(state, n, start, onEpoch, out);
    return out;
  }

  train(state: TrainingState, n: number): EpochMetrics | null {
    const plan = this.fusedPlan(state);
    const fused = plan === null ? { ran: 0, last: null } : plan.trainUnrecorded(n);
    let last = fused.last;
    for (let done = fused.ran; done < n && !state.diverged; ) {
      const ran = this.runEpochs(state, Math.min(TRAIN_CHUNK, n - done));
      if (ran.length === 0) break;
      done += ran.length;
      last = ran[ran.length - 1]!;
    }
    return last;
  }

  /** Trains as `Trainer.runFor` does into `out` (records or an {@link EpochLog}); returns the epochs it added. */
  runFor(state: TrainingState, ms: number, maxEpochs: number, onEpoch: ((m: EpochMetrics) => void) | undefined, out: EpochMetrics[] | EpochLog): number {
    const first = out.length;
    if (state.diverged || maxEpochs <= 0) return 0;
    const begin = now();
    const plan = onEpoch === undefined ? this.fusedPlan(state) : null;
    if (plan === null || !plan.runFor(begin, begin + ms, maxEpochs, out)) runSteppedFor(state, begin, begin + ms, maxEpochs, onEpoch, out);
    return out.length - first;
  }

  stepBatch(state: TrainingState): EpochMetrics | null {
    if (state.diverged) return null;
    return this.fusedPlan(state)?.runOne(this.batchTimer) ?? stepOneBatch(state, this.batchTimer);
  }

  /** The config, network or data may have changed: decide the fused path afresh, and time the next one-unit calls. */
  forget(): void {
    this.plan = undefined;
    this.epochTimer.forget();
    this.batchTimer.forget();
  }

  /**
   * The fused path when this call may take it: at an epoch boundary of a run that has not diverged, and the state
   * is one the fused kernel covers (decided once per {@link forget}).
   */
  private fusedPlan(state: TrainingState): FusedPlan | null {
    if (state.cursor !== 0 || state.diverged) return null;
    if (this.plan === undefined) this.plan = FusedPlan.create(state);
    return this.plan;
  }
}
