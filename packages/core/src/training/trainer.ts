import type { CoreResult } from '../contract/errors.js';
import type { ModelJson } from '../model/modelJson.js';
import { parseModel } from '../model/parseModel.js';
import { toModelJson } from '../model/toModel.js';
import { applyChange } from './applyChange.js';
import { attempt } from '../contract/check.js';
import { checkConfig, createState } from './createState.js';
import { readCheckpoint, writeCheckpoint, type TrainerCheckpoint } from './checkpoint.js';
import type { Change, ChangeApplied, EpochMetrics, ExperimentConfig, Snapshot } from '../contract/config.js';
import { resolveEngine, type Engine, type TrainerBackend, type TrainerOptions } from './engine.js';
import { rollbackState } from './finiteState.js';
import type { EpochLog } from './epochLog.js';
import { EpochRunner } from './epochRunner.js';
import { takeSnapshot } from './snapshot.js';
import type { TrainingState } from './state.js';
import { traceStep } from './trace.js';
import type { SnapshotOptions, StepTrace, TraceOptions } from './traceTypes.js';
import { predictRows } from './predict.js';
import { resetState } from './reinitialize.js';

export type { TrainerBackend, TrainerOptions } from './engine.js';

/**
 * Trains one network on one dataset, in slices, with live changes between any two steps.
 *
 * Epoch metrics: `trainLoss` is the mean per-sample data loss (no regularization) over the epoch's
 * batches, each measured in its forward pass just before its update (as Keras reports it);
 * `trainAccuracy` is counted the same way. `testLoss`/`testAccuracy` are measured on the test split
 * after the epoch (NaN / null without a test split). `epochMs` is the training time of the epoch,
 * excluding test evaluation and time between slices.
 */
export class Trainer {
  private state: TrainingState;
  private readonly engine: Engine;
  private readonly runs = new EpochRunner();

  /**
   * Builds a trainer; throws {@link LivepropConfigError} naming the field when the config is invalid.
   * By default it runs the WASM SIMD path where the runtime has one (see {@link TrainerOptions.kernels}).
   */
  constructor(config: ExperimentConfig, options: TrainerOptions = {}) {
    this.engine = resolveEngine(options);
    this.state = createState(config, this.engine);
    this.state.resaveFinite();
  }

  /** Full check of untrusted input (types, ranges, {@link LIMITS}, dataset, shapes); returns a clean copy. */
  static validate(config: unknown): CoreResult<ExperimentConfig> {
    return attempt(() => checkConfig(config).clean);
  }

  /** Validates untrusted input and builds a trainer from it in one pass. */
  static create(config: unknown, options: TrainerOptions = {}): CoreResult<Trainer> {
    return attempt(() => new Trainer(config as ExperimentConfig, options));
  }

  /** The kernels this trainer runs: the default WASM SIMD set, the TypeScript reference, or the caller's. */
  get backend(): TrainerBackend {
    return this.engine.backend;
  }

  /** The current config, live changes applied. Treat as read-only. */
  get config(): ExperimentConfig {
    return this.state.config;
  }

  /** Completed epochs. */
  get epoch(): number {
    return this.state.epoch;
  }

  /** True after a non-finite training loss; training stops until {@link rollback} or {@link reset}. */
  get diverged(): boolean {
    return this.state.diverged;
  }

  /** Metrics of the last completed epoch. */
  get lastMetrics(): EpochMetrics | null {
    return this.state.lastMetrics;
  }

  /**
   * Runs `n` whole epochs (fewer if the run diverges), calling `onEpoch` after each. Without `onEpoch`, a tiny
   * full-batch network on the default engine runs many epochs a wasm call, each `epochMs` their mean.
   * The array holds a record an epoch until the call returns; for long runs of a small network {@link train}
   * is faster (a record kept alive costs ~0.2–0.7 µs of garbage collection; xor's whole epoch is ~0.7 µs).
   * Calls of one epoch that take under 20 µs read the clock once in 64 calls; the others' `epochMs` is the last
   * timed call's.
   */
  runEpochs(n: number, onEpoch?: (m: EpochMetrics) => void): EpochMetrics[] {
    return this.runs.runEpochs(this.state, n, onEpoch);
  }

  /**
   * Runs `n` whole epochs (fewer if the run diverges) exactly as {@link runEpochs} does, keeping no record of each;
   * returns the last epoch's metrics, or null when none ran.
   */
  train(n: number): EpochMetrics | null {
    return this.runs.train(this.state, n);
  }

  /**
   * Trains for about `ms` milliseconds of wall time (at least one batch), at most `maxEpochs` epochs,
   * stopping early on divergence. An epoch may span several calls; metrics come when it completes.
   * Without `onEpoch`, a tiny full-batch network on the default engine runs fused epochs as {@link runEpochs} does.
   */
  runFor(ms: number, maxEpochs = Infinity, onEpoch?: (m: EpochMetrics) => void): EpochMetrics[] {
    const out: EpochMetrics[] = [];
    this.runs.runFor(this.state, ms, maxEpochs, onEpoch, out);
    return out;
  }

  /**
   * {@link runFor} appending each epoch's metrics to `log`, packed, instead of returning a record an epoch (on a tiny
   * network the records cost ~10 % of the training); returns how many epochs it appended.
   */
  runForInto(ms: number, maxEpochs: number, log: EpochLog): number {
    return this.runs.runFor(this.state, ms, maxEpochs, undefined, log);
  }

  /**
   * One optimizer step on the next batch; returns the epoch's metrics when the step completed it. Steps that take
   * under 20 µs read the clock once in 64 calls, the others are charged the last timed step's time.
   */
  stepBatch(): EpochMetrics | null {
    return this.runs.stepBatch(this.state);
  }

  /** Applies a live change; untrusted input is answered with a result, never a throw. */
  apply(change: Change): CoreResult<ChangeApplied> {
    this.runs.forget();
    return attempt(() => applyChange(this.state, change));
  }

  /** Weights, gradient norms, metrics, and for 2-D data the decision surface and neuron thumbnails. */
  snapshot(opts?: SnapshotOptions): Snapshot {
    return takeSnapshot(this.state, opts);
  }

  /** Every intermediate of one step on training row `sample` or on the next batch, without changing state. */
  traceStep(sample: number | 'batch', options?: TraceOptions): StepTrace {
    return traceStep(this.state, sample, options);
  }

  /** Network outputs for raw input rows; throws when a row has the wrong width. */
  predict(inputs: number[][]): number[][] {
    return predictRows(this.state, inputs);
  }

  /** The network as `liveprop.model/1` JSON. */
  toModel(): ModelJson {
    return toModelJson(this.state.network);
  }

  /**
   * A trainer whose network comes from an untrusted `liveprop.model/1` document and whose dataset,
   * training settings and seed come from `rest`. Errors name the field.
   */
  static fromModel(json: unknown, rest: Omit<ExperimentConfig, 'network'>, options: TrainerOptions = {}): CoreResult<Trainer> {
    const parsed = parseModel(json);
    if (!parsed.ok) return parsed;
    const { inputs, layers, weights } = parsed.value;
    return Trainer.create({ ...rest, network: { inputs, layers, weights, init: { kind: 'xavier' } } }, options);
  }

  /** A JSON-able copy of the full run state. */
  checkpoint(): TrainerCheckpoint {
    return writeCheckpoint(this.state);
  }

  /** Continues a run from {@link checkpoint}; throws when the checkpoint does not fit its own config. */
  static restore(cp: TrainerCheckpoint, options: TrainerOptions = {}): Trainer {
    const trainer = new Trainer(cp.config, options);
    readCheckpoint(trainer.state, cp);
    trainer.runs.forget();
    return trainer;
  }

  /**
   * Returns to the last finite state after divergence (weights, optimizer state, epoch). Copies are taken at
   * epoch ends at most every 20 ms (less often for big networks; for cheap `runEpochs(1)`/`stepBatch()` calls only at
   * the one in 64 that reads the clock), so this may land a few epochs before the blow-up.
   */
  rollback(): CoreResult<{ epoch: number }> {
    this.runs.forget();
    return rollbackState(this.state);
  }

  /**
   * Starts over at epoch 0 with the current config: `replay` rebuilds the initial weights from the seed
   * (or the config's explicit weights), `reinit` draws new ones from the continuing random stream.
   */
  reset(mode: 'reinit' | 'replay'): void {
    this.state = resetState(this.state, mode, this.engine);
    this.runs.forget();
  }
}
