import { now } from './clock.js';
import type { Dataset, Samples } from '../datasets/types.js';
import { batchLoss, type Loss } from '../losses/loss.js';
import { outputDelta } from '../losses/outputDelta.js';
import { getLoss } from '../losses/registry.js';
import type { Network } from '../network/network.js';
import { addRegularizationGradient } from '../network/regularization.js';
import type { Workspace } from '../network/workspace.js';
import { optimizerStep } from '../optimizers/step.js';
import { MT19937 } from '../rng/mt19937.js';
import { shuffleInPlace } from '../rng/shuffle.js';
import { buildNetwork } from './buildNetwork.js';
import type { EpochMetrics, ExperimentConfig } from '../contract/config.js';
import type { Engine } from './engine.js';
import { countCorrect, evaluateSamples, gatherRows } from './evaluate.js';
import type { EpochLog } from './epochLog.js';
import { epochRecord } from './epochRecord.js';
import { captureFinite, type FiniteState } from './finiteState.js';

/** Rows per forward pass when evaluating, predicting or drawing surfaces. */
export const EVAL_CHUNK = 256;
/** Minimum wall time between copies of the last finite state, so tiny epochs stay cheap. */
const FINITE_SAVE_INTERVAL_MS = 20;
/** A copy of the state may take at most about a tenth of the training time of a big network. */
const FINITE_SAVE_COST_FACTOR = 10;
/**
 * An epoch whose training loss passes this many times the lowest one of the run has blown up: its weights are no
 * state to roll back to, even while still finite (a loss of 9e+253 is finite).
 */
export const SANE_LOSS_FACTOR = 10;
const NO_TEST = { loss: Number.NaN, accuracy: null };

/** Everything a {@link Trainer} mutates, shared by the modules that implement its methods. */
export class TrainingState {
  config: ExperimentConfig;
  dataset: Dataset;
  network: Network;
  rng: MT19937;
  loss: Loss;
  trainWs: Workspace;
  evalWs: Workspace;
  order: Uint32Array;
  /** Next row (in `order`) of the current epoch. */
  cursor = 0;
  /** Optimizer steps taken with the current optimizer kind (Adam's `t`). */
  step = 0;
  epoch = 0;
  diverged = false;
  lastMetrics: EpochMetrics | null = null;
  /** The last sane state: what rollback returns to. */
  finite: FiniteState | null = null;
  /** A copy taken at an epoch end, sane once the epoch after it trains to a sane loss too. */
  private candidate: FiniteState | null = null;
  /** Lowest training loss since the run (re)started or the network changed shape. */
  private lowestLoss = Infinity;
  private lastFiniteSave = -Infinity;
  private finiteSaveInterval = FINITE_SAVE_INTERVAL_MS;
  epochLoss = 0;
  epochCorrect = 0;
  /** Training rows already in {@link gatheredInto} as one whole batch in stored order. */
  private gathered: Samples | null = null;
  private gatheredInto: Workspace | null = null;
  /** Training time of the current epoch spent in earlier slices. */
  carriedMs = 0;
  readonly engine: Engine;

  constructor(config: ExperimentConfig, dataset: Dataset, engine: Engine) {
    this.config = config;
    this.dataset = dataset;
    this.engine = engine;
    this.rng = new MT19937(config.seed);
    this.network = buildNetwork(config.network, config.seed, this.rng, engine);
    this.loss = getLoss(config.training.loss);
    this.order = new Uint32Array(0);
    this.trainWs = this.network.createWorkspace(1);
    this.evalWs = this.trainWs;
    this.resetOrder();
    this.refreshWorkspaces();
  }

  /** Samples per update: the configured batch size, or the whole training set for 0 (or a larger size). */
  get batchCapacity(): number {
    const n = this.dataset.train.count;
    const bs = this.config.training.batchSize;
    return bs === 0 || bs > n ? n : bs;
  }

  /** Restarts the epoch order (identity, shuffled when configured) at row 0. */
  resetOrder(): void {
    const n = this.dataset.train.count;
    this.order = new Uint32Array(n);
    for (let k = 0; k < n; k++) this.order[k] = k;
    if (this.config.training.shuffle) shuffleInPlace(this.order, this.rng);
    this.cursor = 0;
    this.epochLoss = 0;
    this.epochCorrect = 0;
    this.carriedMs = 0;
  }

  /** Reallocates batch buffers after a topology or batch-size change (never during a step). */
  refreshWorkspaces(): void {
    const cap = Math.max(1, this.batchCapacity);
    const net = this.network;
    const { trainWs, evalWs } = this;
    if (trainWs.shapeVersion !== net.shapeVersion || trainWs.capacity !== cap) {
      this.trainWs = net.createWorkspace(cap);
      if (trainWs !== evalWs) net.releaseWorkspace(trainWs);
    }
    if (evalWs.shapeVersion !== net.shapeVersion || evalWs.capacity !== EVAL_CHUNK) {
      this.evalWs = net.createWorkspace(EVAL_CHUNK);
      if (evalWs !== this.trainWs) net.releaseWorkspace(evalWs);
    }
  }

  /** Gives every network and workspace buffer back to the allocator; the state must not be used afterwards. */
  release(): void {
    const net = this.network;
    for (const layer of net.layers) net.releaseLayer(layer);
    net.releaseWorkspace(this.trainWs);
    if (this.evalWs !== this.trainWs) net.releaseWorkspace(this.evalWs);
  }

  /** One optimizer step on the next batch; returns true when it completed the epoch. Allocates nothing. */
  runBatch(): boolean {
    const train = this.dataset.train;
    const n = train.count;
    const ws = this.trainWs;
    const net = this.network;
    const training = this.config.training;
    const outDim = net.outputs;
    const batch = Math.min(ws.capacity, n - this.cursor);
    // Full batch in stored order (the tutorials) reads the dataset in place; otherwise rows are gathered
    // (always with a custom allocator, whose kernels may need every buffer in their own memory).
    const wholeInOrder = batch === n && !training.shuffle;
    const inPlace = wholeInOrder && this.engine.allocate === undefined;
    const x = inPlace ? train.x : ws.x;
    const y = inPlace ? train.y : ws.y;
    if (!inPlace) this.gatherBatch(batch, wholeInOrder);
    const last = net.layers.length - 1;
    const scale = training.reduction === 'mean' ? 1 / batch : 1;
    this.step++;
    if (!this.runTinyStep(batch, scale, inPlace)) {
      const a = net.forward(ws, batch, x);
      this.epochLoss += batchLoss(this.loss, a, y, batch, outDim);
      this.epochCorrect += countCorrect(a, y, batch, outDim, this.dataset.task);
      outputDelta(this.loss, net.layers[last]!.activation, ws.z[last]!, a, y, ws.d[last]!, batch, outDim, scale);
      net.backward(ws, batch, x);
      addRegularizationGradient(net.layers, training.regularization);
      for (let l = 0; l <= last; l++) optimizerStep(net.layers[l]!, training.optimizer, this.step);
    }
    this.cursor += batch;
    if (this.cursor < n) return false;
    this.cursor = 0;
    if (training.shuffle) shuffleInPlace(this.order, this.rng);
    return true;
  }

  /**
   * Copies the next `batch` rows into `trainWs.x`/`y`. The whole set in stored order is gathered once per workspace:
   * only this method writes them.
   */
  gatherBatch(batch: number, wholeInOrder: boolean): void {
    const train = this.dataset.train;
    const ws = this.trainWs;
    if (wholeInOrder && this.gathered === train && this.gatheredInto === ws) return;
    gatherRows(train.x, this.order, this.cursor, batch, this.network.inputs, ws.x);
    gatherRows(train.y, this.order, this.cursor, batch, this.network.outputs, ws.y);
    this.gathered = wholeInOrder ? train : null;
    this.gatheredInto = ws;
  }

  /**
   * The same step as the layer-by-layer path in one wasm call, when the engine has it and the setup is one it
   * covers: plain SGD, no regularization, squared error (or sigmoid with cross-entropy), a tiny network.
   */
  private runTinyStep(batch: number, scale: number, inPlace: boolean): boolean {
    const tiny = this.engine.tinyStep;
    const training = this.config.training;
    if (tiny === undefined || inPlace || training.optimizer.kind !== 'sgd' || training.regularization.kind !== 'none') return false;
    const net = this.network;
    if (net.layers.some((l) => l.stepScale)) return false;
    const last = net.layers.length - 1;
    const loss = this.loss.name;
    const combined = loss === 'binaryCrossEntropy' && net.layers[last]!.activation.name === 'sigmoid';
    if (loss !== 'squaredError' && !combined) return false;
    const ws = this.trainWs;
    if (!tiny(net.layers, ws, batch, training.optimizer.learningRate, scale, combined)) return false;
    const a = ws.a[last]!;
    this.epochLoss += batchLoss(this.loss, a, ws.y, batch, net.outputs);
    this.epochCorrect += countCorrect(a, ws.y, batch, net.outputs, this.dataset.task);
    return true;
  }

  /**
   * Closes an epoch that ended at time `end` (see {@link now}): metrics, divergence check, last-finite bookkeeping.
   * `current` is false when the network has already trained past this epoch (all but the last of a fused run), so
   * its weights are not this epoch's and are not saved as its finite state, and its record is not `lastMetrics`: the
   * run's last epoch, closed next, is. (Storing a young record in this old object is a write barrier an epoch, ~2 %
   * of an xor `runEpochs(n)`.)
   */
  finishEpoch(epochMs: number, end: number, current = true): EpochMetrics {
    const train = this.dataset.train;
    this.epoch++;
    const test = this.dataset.test.count === 0 ? NO_TEST : evaluateSamples(this.network, this.evalWs, this.dataset.test, this.loss, this.dataset.task);
    const trainAccuracy = this.dataset.task === 'regression' ? null : this.epochCorrect / train.count;
    const learningRate = this.config.training.optimizer.learningRate;
    const metrics = epochRecord(this.epoch, this.epochLoss / train.count, test.loss, trainAccuracy, test.accuracy, learningRate, epochMs);
    if (current) this.lastMetrics = metrics;
    this.judgeEpoch(metrics.trainLoss, current ? metrics : null, end);
    return metrics;
  }

  /**
   * {@link finishEpoch} of a current epoch without a test split whose training loss and accuracy the caller has: the
   * fused one-epoch path's, which reads them from the kernel's results.
   */
  finishUntestedEpoch(trainLoss: number, trainAccuracy: number | null, learningRate: number, epochMs: number, end: number): EpochMetrics {
    const metrics = epochRecord(++this.epoch, trainLoss, Number.NaN, trainAccuracy, null, learningRate, epochMs);
    this.lastMetrics = metrics;
    this.judgeEpoch(trainLoss, metrics, end);
    return metrics;
  }

  /**
   * Closes the first `count` epochs of a fused run into `log`, as {@link finishEpoch} with `current` false does one by
   * one, in one tight loop: epochs the run has trained past, inside {@link Trainer.runForInto}. Epoch `k`'s summed
   * loss and correct count are `sums[2k]` and `sums[2k + 1]` (the kernel's results); there is no test split.
   */
  finishEpochsLogged(log: EpochLog, sums: Float64Array, count: number, epochMs: number): void {
    const rows = this.dataset.train.count;
    const learningRate = this.config.training.optimizer.learningRate;
    log.appendUntested(this.epoch + 1, sums, count, rows, this.dataset.task !== 'regression', learningRate, epochMs);
    this.epoch += count;
    // judgeEpoch of an epoch that is not current, unrolled over the run.
    let lowestLoss = this.lowestLoss;
    for (let k = 0; k < count; k++) {
      const trainLoss = sums[2 * k]! / rows;
      if (!Number.isFinite(trainLoss)) {
        this.diverge();
        continue;
      }
      lowestLoss = Math.min(lowestLoss, trainLoss);
      if (trainLoss <= SANE_LOSS_FACTOR * lowestLoss && this.candidate !== null) this.finite = this.candidate;
      this.candidate = null;
    }
    this.lowestLoss = lowestLoss;
    this.epochLoss = 0;
    this.epochCorrect = 0;
    this.carriedMs = 0;
  }

  /**
   * Closes an epoch nobody reads a record of, as {@link finishEpoch} does with `current` false: one a fused run has
   * trained past, inside {@link Trainer.train}. Only a finite epoch may be closed so (a fused run stops at the first
   * non-finite one, which gets its record).
   */
  finishEpochUnrecorded(): void {
    this.epoch++;
    this.judgeEpoch(this.epochLoss / this.dataset.train.count, null, 0);
  }

  /**
   * Divergence check and last-finite bookkeeping of the epoch just closed; `saveWith` is null when it is not current.
   * The rare branches are calls of their own, so that a one-epoch call's optimized code inlines this whole.
   */
  private judgeEpoch(trainLoss: number, saveWith: EpochMetrics | null, end: number): void {
    this.epochLoss = 0;
    this.epochCorrect = 0;
    this.carriedMs = 0;
    if (!Number.isFinite(trainLoss)) {
      this.diverge();
      return;
    }
    this.lowestLoss = Math.min(this.lowestLoss, trainLoss);
    if (trainLoss > SANE_LOSS_FACTOR * this.lowestLoss) {
      // The weights saved before this epoch led here: they are no better a place to return to.
      this.candidate = null;
      return;
    }
    if (this.candidate !== null) this.finite = this.candidate;
    this.candidate = null;
    if (saveWith !== null && end - this.lastFiniteSave >= this.finiteSaveInterval) this.saveCandidate(saveWith);
  }

  private diverge(): void {
    this.diverged = true;
    this.candidate = null;
  }

  /** Copies the current state as the candidate to roll back to, once the next epoch trains to a sane loss too. */
  private saveCandidate(metrics: EpochMetrics): void {
    // The epoch's end may be an estimate (see StepTimer), so the copy's cost is timed on its own.
    const begin = now();
    const saved = captureFinite(this.network, this.epoch, this.step, metrics);
    const done = now();
    this.finiteSaveInterval = Math.max(FINITE_SAVE_INTERVAL_MS, FINITE_SAVE_COST_FACTOR * (done - begin));
    if (saved) {
      this.candidate = saved;
      this.lastFiniteSave = done;
    }
  }

  /**
   * Forgets the saved states (their shape no longer fits, or the run restarted) and saves the current one, if
   * finite, as the place to roll back to; the lowest loss is measured afresh from here.
   */
  resaveFinite(): void {
    this.finite = captureFinite(this.network, this.epoch, this.step, this.lastMetrics);
    this.candidate = null;
    this.lowestLoss = Infinity;
    this.lastFiniteSave = now();
  }

  /** Mean per-sample data loss over the whole training set with the current weights. */
  trainingLossNow(): number {
    return evaluateSamples(this.network, this.evalWs, this.dataset.train, this.loss, this.dataset.task).loss;
  }
}
