import type { EpochMetrics, Result, Trainer } from '@liveprop/core';
import { clipTrace } from './clipTrace.js';
import { pointsOf } from './points.js';
import { SnapshotTaker } from './snapshotTaker.js';
import { TraceCache } from './traceCache.js';
import type { WorkerCommand, WorkerEvent, WorkerInit, WorkerState } from './workerProtocol.js';

type Post = (event: WorkerEvent, transfer?: ArrayBuffer[]) => void;

/** Share of a running worker's time that snapshots may take; past it they come less often than the display rate. */
const SNAPSHOT_BUDGET = 0.1;
/**
 * Ticks the main thread has not yet fanned out; at this many the worker holds further epochs back, and stops training
 * once a whole tick's worth is held. A main thread busy with a crowd of viewers so costs training nothing until it is
 * about a tick behind.
 */
const MAX_TICKS_IN_FLIGHT = 2;
/**
 * Most epochs one tick carries. Every epoch goes to every viewer, so this bounds what "unlimited speed" streams:
 * about 60k epochs/s at 33 ms ticks, which a browser parses and draws without falling behind.
 */
const MAX_EPOCHS_PER_TICK = 2048;

const fail = (code: string, message: string): Result<never> => ({ ok: false, code, message });

/**
 * Drives one Trainer inside a session worker: trains in slices of at most `sliceMs` so commands queued on the
 * message port run between two slices, honours the speed limit, and posts metrics and snapshots at display rate.
 */
export class TrainingLoop {
  private running = false;
  private speed: number | null = null;
  private allowance = 0;
  private allowanceAt = 0;
  private pending: EpochMetrics[] = [];
  private lastSnapshotAt = -Infinity;
  private lastTickAt = -Infinity;
  /** A snapshot was posted and the main thread has not yet fanned it out. */
  private awaitingAck = false;
  private ticksInFlight = 0;
  /** Training waits for the main thread to acknowledge a tick (see {@link MAX_TICKS_IN_FLIGHT}). */
  private stalled = false;
  private snapshotEpoch = -1;
  private snapshotWanted = true;
  /** Bumped whenever the trainer changes (every write of `dirty = true`); with the epoch it keys {@link traces}. */
  private stateVersion = 0;
  private readonly traces = new TraceCache();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private immediate: ReturnType<typeof setImmediate> | null = null;

  private readonly snapshots: SnapshotTaker;

  constructor(
    private readonly trainer: Trainer,
    private readonly init: WorkerInit,
    private readonly post: Post,
  ) {
    this.snapshots = new SnapshotTaker(trainer, init.grid, init.thumbnailGrid);
  }

  /** The trainer changed since the last snapshot. Every change sets it, so setting it also retires cached traces. */
  private get dirty(): boolean {
    return this.snapshotWanted;
  }

  private set dirty(changed: boolean) {
    if (changed) this.stateVersion++;
    this.snapshotWanted = changed;
  }

  state(): WorkerState {
    return {
      epoch: this.trainer.epoch,
      running: this.running,
      diverged: this.trainer.diverged,
      canRollback: this.trainer.diverged,
      config: this.trainer.config,
    };
  }

  start(): void {
    this.post({ kind: 'ready', state: this.state(), points: pointsOf(this.trainer) });
    this.flush();
  }

  handle(command: WorkerCommand): void {
    switch (command.kind) {
      case 'play':
        if (this.trainer.diverged || this.running) return;
        this.running = true;
        this.allowance = 0;
        this.allowanceAt = performance.now();
        this.scheduleSlice(0);
        return;
      case 'pause':
        return this.reply(command.id, () => {
          this.running = false;
          return { ok: true, value: null };
        });
      case 'snapshotAck':
        this.awaitingAck = false;
        if (!this.running) this.flush();
        return;
      case 'tickAck':
        this.ticksInFlight--;
        if (this.stalled) {
          this.stalled = false;
          this.scheduleSlice(0);
        } else if (!this.running) this.flush();
        return;
      case 'speed':
        this.speed = command.epochsPerSecond;
        this.allowance = 0;
        this.allowanceAt = performance.now();
        return;
      case 'step':
        return this.reply(command.id, () => this.step(command.unit));
      case 'reset':
        return this.reply(command.id, () => {
          this.trainer.reset(command.mode);
          this.dirty = true;
          return { ok: true, value: { mode: command.mode } };
        }, true);
      case 'change':
        return this.reply(command.id, () => {
          const applied = this.trainer.apply(command.change);
          if (applied.ok) this.dirty = true;
          return applied;
        }, command.change.what === 'dataset');
      case 'rollback':
        return this.reply(command.id, () => {
          if (!this.trainer.diverged) return fail('nothing_to_rollback', 'the session has not diverged; nothing to roll back');
          const rolled = this.trainer.rollback();
          this.dirty = true;
          return rolled;
        });
      case 'trace':
        return this.reply(command.id, () => {
          const state = { epoch: this.trainer.epoch, version: this.stateVersion };
          // Clipped here, so neither the reply to the main thread nor the frame grows with the network.
          const trace = this.traces.get(state, command.sample, () => clipTrace(this.trainer.traceStep(command.sample)));
          return { ok: true, value: trace };
        });
      case 'model':
        return this.reply(command.id, () => ({ ok: true, value: this.trainer.toModel() }));
      case 'checkpoint':
        return this.reply(command.id, () => ({ ok: true, value: this.trainer.checkpoint() }));
      default: {
        const never: never = command;
        throw new Error(`unknown worker command ${JSON.stringify(never)}`);
      }
    }
  }

  private step(unit: 'batch' | 'epoch'): Result<unknown> {
    if (this.trainer.diverged) return fail('diverged', 'the session diverged; roll back or reset before stepping');
    this.running = false;
    if (unit === 'epoch') {
      for (const m of this.trainer.runEpochs(1)) this.pending.push(m);
    } else {
      const done = this.trainer.stepBatch();
      if (done) this.pending.push(done);
    }
    this.dirty = true;
    if (this.trainer.diverged) {
      this.flush(true, true);
      this.post({ kind: 'diverged', state: this.state() });
    }
    return { ok: true, value: { unit, epoch: this.trainer.epoch } };
  }

  private reply(id: number, run: () => Result<unknown>, withPoints = false): void {
    let result: Result<unknown>;
    try {
      result = run();
    } catch (err) {
      result = fail('internal', `training worker failed: ${(err as Error).message}`);
    }
    const points = withPoints && result.ok ? pointsOf(this.trainer) : undefined;
    // Every epoch trained before the reply reaches the main thread before it, so events and status stay in order.
    this.flush(false, true);
    this.post({ kind: 'reply', id, result, state: this.state(), ...(points === undefined ? {} : { points }) });
  }

  private scheduleSlice(delayMs: number): void {
    if (this.timer !== null || this.immediate !== null) return;
    if (delayMs <= 0) {
      this.immediate = setImmediate(() => this.slice());
    } else {
      this.timer = setTimeout(() => this.slice(), delayMs);
    }
  }

  private slice(): void {
    this.timer = null;
    this.immediate = null;
    if (!this.running) return this.flush();
    if (this.pending.length >= MAX_EPOCHS_PER_TICK) {
      this.flush();
      if (this.pending.length < MAX_EPOCHS_PER_TICK) return this.scheduleSlice(0);
      if (this.ticksInFlight >= MAX_TICKS_IN_FLIGHT) {
        this.stalled = true;
        return;
      }
      return this.scheduleSlice(Math.max(1, this.init.tickMs - (performance.now() - this.lastTickAt)));
    }
    let maxEpochs = MAX_EPOCHS_PER_TICK - this.pending.length;
    if (this.speed !== null) {
      const now = performance.now();
      const cap = Math.max(1, (this.speed * this.init.tickMs) / 1000);
      this.allowance = Math.min(cap, this.allowance + ((now - this.allowanceAt) * this.speed) / 1000);
      this.allowanceAt = now;
      maxEpochs = Math.min(maxEpochs, Math.floor(this.allowance));
      if (maxEpochs < 1) {
        this.flush();
        return this.scheduleSlice(((1 - this.allowance) * 1000) / this.speed);
      }
    }
    const epochs = this.trainer.runFor(this.init.sliceMs, maxEpochs);
    this.allowance -= epochs.length;
    // Weights move with every batch, so a slow epoch still animates at display rate.
    this.dirty = true;
    for (const m of epochs) this.pending.push(m);
    if (this.trainer.diverged) {
      this.running = false;
      this.dirty = true;
      this.flush(true, true);
      this.post({ kind: 'diverged', state: this.state() });
      return;
    }
    this.flush();
    this.scheduleSlice(0);
  }

  /**
   * Posts a tick: pending metrics once per `tickMs` (or now, before a reply), plus a snapshot when one is wanted,
   * due, and the main thread has acknowledged the previous one — so snapshots never outpace the fan-out. Past
   * {@link MAX_TICKS_IN_FLIGHT} only a reply's epochs go out (they must precede it). When paused, whatever is left is
   * retried by a timer.
   */
  private flush(forceSnapshot = false, metricsNow = false): void {
    if (this.ticksInFlight >= MAX_TICKS_IN_FLIGHT && !metricsNow) return;
    const now = performance.now();
    const wantSnapshot = this.dirty || this.trainer.epoch !== this.snapshotEpoch || (!this.running && !this.snapshots.complete);
    const interval = this.running ? Math.max(this.init.tickMs, this.snapshots.costMs / SNAPSHOT_BUDGET) : this.init.tickMs;
    const due = forceSnapshot || now - this.lastSnapshotAt >= interval;
    let snapshot: Uint8Array | null = null;
    if (wantSnapshot && due && !this.awaitingAck) {
      snapshot = this.snapshots.take(!this.running);
      this.lastSnapshotAt = now;
      this.snapshotEpoch = this.trainer.epoch;
      this.dirty = false;
      this.awaitingAck = true;
    }
    const metricsDue = metricsNow || now - this.lastTickAt >= this.init.tickMs;
    if ((metricsDue && this.pending.length > 0) || snapshot !== null) {
      const metrics = this.pending;
      this.pending = [];
      this.lastTickAt = now;
      const transfer = snapshot === null ? [] : [snapshot.buffer as ArrayBuffer];
      this.ticksInFlight++;
      this.post({ kind: 'tick', metrics, snapshot, epoch: this.trainer.epoch }, transfer);
    }
    if (this.running) return;
    const snapshotLeft = wantSnapshot && snapshot === null && !this.awaitingAck;
    if (snapshotLeft || this.pending.length > 0) this.scheduleSlice(Math.max(1, interval - (now - this.lastSnapshotAt)));
  }
}
