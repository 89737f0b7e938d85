import { TINY_EPOCHS_MAX, type BoundTinyEpochs, type TinyAccuracy, type TinyEpochs } from '../kernels/tinyEpochs.js';
import { now } from './clock.js';
import type { EpochMetrics } from '../contract/config.js';
import { EpochLog } from './epochLog.js';
import type { TrainingState } from './state.js';
import type { StepTimer } from './stepTimer.js';

/**
 * Wall time a fused run of {@link FusedPlan.runFor} aims at between two clock reads, ms: short enough that a slice
 * ends well within a millisecond of its deadline, long enough that the clock (~75 ns a read) costs nothing.
 */
const FUSED_CHUNK_MS = 0.25;
/**
 * Epochs of the first fused run of a slice, before an epoch's cost is measured: ≤ 0.1 ms for the biggest tiny network
 * (~5 µs an epoch), whatever the network was in the previous slice.
 */
const FIRST_CHUNK = 16;

/**
 * The fused whole-epoch kernel when `state` can use it: the default WASM engine, the whole training set as one batch
 * in stored order, no test split to evaluate after each epoch, plain SGD without regularization, squared error, and
 * no epoch in progress. Whether the network is small enough is the kernel's call ({@link TinyEpochs.run} returns 0).
 */
export function fusedEpochsFor(state: TrainingState): TinyEpochs | undefined {
  const tiny = state.engine.tinyEpochs;
  const training = state.config.training;
  const n = state.dataset.train.count;
  if (tiny === undefined || n === 0 || state.cursor !== 0 || training.shuffle || state.trainWs.capacity < n) return undefined;
  if (state.dataset.test.count > 0 || state.loss.name !== 'squaredError') return undefined;
  if (training.optimizer.kind !== 'sgd' || training.regularization.kind !== 'none') return undefined;
  // The wasm kernels step every row at one rate.
  for (const layer of state.network.layers) if (layer.stepScale) return undefined;
  return tiny;
}

function accuracyOf(state: TrainingState): TinyAccuracy {
  if (state.dataset.task === 'regression') return 'none';
  return state.network.outputs === 1 ? 'threshold' : 'argmax';
}

function bindKernel(state: TrainingState, tiny: TinyEpochs): BoundTinyEpochs | null {
  const rows = state.dataset.train.count;
  const training = state.config.training;
  const scale = training.reduction === 'mean' ? 1 / rows : 1;
  state.gatherBatch(rows, true);
  return tiny.bind(state.network.layers, state.trainWs, rows, training.optimizer.learningRate, scale, accuracyOf(state));
}

/**
 * Whole epochs of a tiny full-batch network on the default engine, many a wasm call, with the kernel's arguments read
 * once: valid while the config, network and dataset stay as they were when it was made ({@link Trainer} drops it at
 * every `apply`, `reset` and `rollback`) and a call starts at an epoch boundary of a run that has not diverged. The
 * training rows are gathered into the workspace once, when it is made.
 */
export class FusedPlan {
  /** Training rows, the learning rate, and whether accuracy is counted: fixed for the plan's life, read once. */
  private readonly rows: number;
  private readonly learningRate: number;
  private readonly countsCorrect: boolean;

  private constructor(
    private readonly state: TrainingState,
    private readonly tiny: TinyEpochs,
    private kernel: BoundTinyEpochs,
  ) {
    this.rows = state.dataset.train.count;
    this.learningRate = state.config.training.optimizer.learningRate;
    this.countsCorrect = accuracyOf(state) !== 'none';
  }

  /** The plan of `state` as it is now, or null when the fused kernel does not cover it. */
  static create(state: TrainingState): FusedPlan | null {
    const tiny = fusedEpochsFor(state);
    const kernel = tiny === undefined ? null : bindKernel(state, tiny);
    return kernel === null ? null : new FusedPlan(state, tiny!, kernel);
  }

  /** Trains up to `max` (≤ {@link TINY_EPOCHS_MAX}) epochs in one wasm call; returns how many ran (0: declined). */
  private train(max: number): number {
    let ran = this.kernel.run(max);
    if (ran < 0) ran = this.rebindAndRun(max);
    this.state.step += ran;
    return ran;
  }

  /** The kernel set's layer table was rewritten since the bind (see {@link BoundTinyEpochs.run}): bind again and run. */
  private rebindAndRun(max: number): number {
    const kernel = bindKernel(this.state, this.tiny);
    if (kernel === null) return 0;
    this.kernel = kernel;
    return kernel.run(max);
  }

  /**
   * Closes the `ran` epochs of the last {@link train}, each charged `epochMs`, the run having ended at `end`, into
   * `out`: a record each, packed numbers each but the last (an {@link EpochLog}), or, when `out` is null, only the last
   * one's record (the others are closed unrecorded). Returns the last one's record.
   */
  private close(ran: number, epochMs: number, end: number, out: EpochMetrics[] | EpochLog | null): EpochMetrics {
    const state = this.state;
    const results = this.kernel.results;
    if (out instanceof EpochLog) state.finishEpochsLogged(out, results, ran - 1, epochMs);
    else {
      for (let k = 0; k < ran - 1; k++) {
        state.epochLoss = results[2 * k]!;
        state.epochCorrect = results[2 * k + 1]!;
        if (out === null) state.finishEpochUnrecorded();
        else out.push(state.finishEpoch(epochMs, end, false));
      }
    }
    state.epochLoss = results[2 * ran - 2]!;
    state.epochCorrect = results[2 * ran - 1]!;
    const last = state.finishEpoch(epochMs, end, true);
    out?.push(last);
    return last;
  }

  /**
   * Runs up to `max` (≤ {@link TINY_EPOCHS_MAX}) epochs in one wasm call from time `start`, pushes one record an epoch
   * to `out` (each `epochMs` the run's time shared equally) and returns the time it ended, or NaN when declined.
   */
  runEpochs(max: number, start: number, out: EpochMetrics[] | EpochLog): number {
    const ran = this.train(max);
    if (ran === 0) return Number.NaN;
    const end = now();
    this.close(ran, (this.state.carriedMs + end - start) / ran, end, out);
    return end;
  }

  /**
   * Trains until `deadline` (see {@link now}), `maxEpochs` more in `out`, or divergence, reading the clock once a run
   * of about {@link FUSED_CHUNK_MS}; at least one epoch. Returns false, having done nothing, when declined.
   */
  runFor(start: number, deadline: number, maxEpochs: number, out: EpochMetrics[] | EpochLog): boolean {
    const first = out.length;
    let epochMs = 0;
    for (;;) {
      let chunk = epochMs > 0 ? Math.floor(FUSED_CHUNK_MS / epochMs) : FIRST_CHUNK;
      if (epochMs > 0) chunk = Math.min(chunk, Math.ceil((deadline - start) / epochMs));
      chunk = Math.max(1, Math.min(chunk, TINY_EPOCHS_MAX, Math.ceil(maxEpochs - (out.length - first))));
      const before = out.length;
      const end = this.runEpochs(chunk, start, out);
      if (Number.isNaN(end)) return false;
      epochMs = (end - start) / (out.length - before);
      if (this.state.diverged || out.length - first >= maxEpochs || end >= deadline) return true;
      start = end;
    }
  }

  /**
   * One epoch timed by `timer` (`runEpochs(1)`, `stepBatch()`): its record, or null when declined. The common case of
   * the trainer's cheapest calls, so it reads nothing the plan already knows and closes the epoch without a test split.
   */
  runOne(timer: StepTimer): EpochMetrics | null {
    const start = timer.start();
    if (this.kernel.runOne() < 0 && this.rebindAndRun(1) === 0) return null;
    const state = this.state;
    state.step++;
    const ms = timer.stop(start);
    const results = this.kernel.results;
    const trainLoss = results[0]! / this.rows;
    const trainAccuracy = this.countsCorrect ? results[1]! / this.rows : null;
    return state.finishUntestedEpoch(trainLoss, trainAccuracy, this.learningRate, state.carriedMs + ms, timer.end);
  }

  /**
   * Up to `n` epochs (fewer on divergence) in runs of {@link TINY_EPOCHS_MAX}, recording only the last, as
   * {@link Trainer.train} returns it: `{ ran, last }`, `ran` 0 when declined.
   */
  trainUnrecorded(n: number): { ran: number; last: EpochMetrics | null } {
    const state = this.state;
    let ran = 0;
    let last: EpochMetrics | null = null;
    let start = now();
    while (ran < n && !state.diverged) {
      const k = this.train(Math.min(TINY_EPOCHS_MAX, Math.ceil(n - ran)));
      if (k === 0) break;
      const end = now();
      last = this.close(k, (state.carriedMs + end - start) / k, end, null);
      ran += k;
      start = end;
    }
    return { ran, last };
  }
}
