import { EpochLog, type Reconciled, type Result, type Trainer } from '@liveprop/core';
import { TRACE_WINDOW, clipTrace } from '@liveprop/protocol';
import { pointsOf } from './points.js';
import { withoutCsvText } from './publicConfig.js';
import { SnapshotPacer } from './snapshotPacer.js';
import { SpeedLimit } from './speedLimit.js';
import { TickFlow } from './tickFlow.js';
import type { WireEvent } from './tickWire.js';
import { TraceCache } from './traceCache.js';
import type { RequestKind, WorkerCommand, WorkerInit, WorkerReplies, WorkerState } from './workerProtocol.js';

type Post = (event: WireEvent, transfer?: ArrayBuffer[]) => void;

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
  /** Epochs trained since the last tick, packed as they train (a record an epoch costs ~10 % of a tiny one). */
  private readonly pending = new EpochLog();
  private lastTickAt = -Infinity;
  /** Bumped by every change to the trainer; with the epoch it keys {@link traces}. */
  private stateVersion = 0;
  /** Bumped by every state report, so the main thread can tell a newer report from an older one. */
  private reportVersion = 0;
  private readonly traces = new TraceCache();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private immediate: ReturnType<typeof setImmediate> | null = null;
  private readonly speedLimit: SpeedLimit;
  private readonly flow = new TickFlow();
  private readonly snapshots: SnapshotPacer;

  constructor(
    private readonly trainer: Trainer,
    private readonly init: WorkerInit,
    private readonly post: Post,
  ) {
    this.speedLimit = new SpeedLimit(init.tickMs);
    if (init.speed !== undefined) this.speedLimit.set(init.speed);
    this.snapshots = new SnapshotPacer(trainer, init);
  }

  /** The trainer changed: it wants a new snapshot, and its cached traces are stale. */
  private trainerChanged(): void {
    this.stateVersion++;
    this.snapshots.changed = true;
  }

  /** The state to report now; each call is a newer report than the last. */
  state(): WorkerState {
    return {
      version: ++this.reportVersion,
      epoch: this.trainer.epoch,
      running: this.running,
      diverged: this.trainer.diverged,
      canRollback: this.trainer.diverged,
      speed: this.speedLimit.epochsPerSecond,
      config: withoutCsvText(this.trainer.config),
    };
  }

  /** Tells the main thread the Trainer is built; `reconciled` says what a restored checkpoint needed re-applied. */
  start(reconciled: Reconciled | null = null): void {
    this.post({ kind: 'ready', state: this.state(), points: pointsOf(this.trainer), reconciled });
    this.flush();
  }

  /** Stops for good: nothing more is trained, posted or planned (the thread goes back to the spares). */
  stop(): void {
    this.running = false;
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.immediate !== null) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
    this.pending.clear();
  }

  handle(command: WorkerCommand): void {
    switch (command.kind) {
      case 'play':
        return this.reply(command, () => {
          if (this.trainer.diverged) return fail('diverged', 'the session diverged; roll back or reset first');
          if (!this.running) {
            this.running = true;
            this.speedLimit.restart();
          }
          this.replan();
          return { ok: true, value: null };
        });
      case 'pause':
        return this.reply(command, () => {
          this.running = false;
          return { ok: true, value: null };
        });
      case 'snapshotAck':
        this.snapshots.acked();
        if (!this.running) this.flush();
        return;
      case 'tickAck':
        if (this.flow.acked()) this.scheduleSlice(0);
        else if (!this.running) this.flush();
        return;
      case 'speed':
        return this.reply(command, () => {
          this.speedLimit.set(command.epochsPerSecond);
          this.replan();
          return { ok: true, value: null };
        });
      case 'step':
        return this.reply(command, () => this.step(command.unit));
      case 'reset':
        return this.reply(command, () => {
          this.trainer.reset(command.mode);
          this.trainerChanged();
          return { ok: true, value: { mode: command.mode } };
        }, true);
      case 'change':
        return this.reply(command, () => {
          const applied = this.trainer.apply(command.change);
          if (applied.ok) this.trainerChanged();
          return applied;
        }, command.change.what === 'dataset');
      case 'rollback':
        return this.reply(command, () => {
          if (!this.trainer.diverged) return fail('nothing_to_rollback', 'the session has not diverged; nothing to roll back');
          const rolled = this.trainer.rollback();
          if (!rolled.ok) return rolled;
          this.trainerChanged();
          if (command.learningRate === undefined) return { ok: true, value: { epoch: rolled.value.epoch, learningRate: null } };
          const lowered = this.trainer.apply({ what: 'learningRate', value: command.learningRate });
          return lowered.ok ? { ok: true, value: { epoch: rolled.value.epoch, learningRate: lowered.value } } : lowered;
        });
      case 'trace':
        return this.reply(command, () => {
          const state = { epoch: this.trainer.epoch, version: this.stateVersion };
          // Clipped here, so neither the reply to the main thread nor the frame grows with the network.
          const trace = this.traces.get(state, command.sample, () => clipTrace(this.trainer.traceStep(command.sample, { window: TRACE_WINDOW })));
          return { ok: true, value: trace };
        });
      case 'model':
        return this.reply(command, () => ({ ok: true, value: this.trainer.toModel() }));
      case 'checkpoint':
        return this.reply(command, () => ({ ok: true, value: this.trainer.checkpoint() }));
      default: {
        const never: never = command;
        throw new Error(`unknown worker command ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * Drops a slice planned for later and plans the next one now: a wait computed under an old speed (0.001 epochs/s
   * waits 17 minutes) must not outlive the speed, play or step that made it moot.
   */
  private replan(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.scheduleSlice(0);
  }

  private step(unit: 'batch' | 'epoch'): Result<WorkerReplies['step']> {
    if (this.trainer.diverged) return fail('diverged', 'the session diverged; roll back or reset before stepping');
    this.running = false;
    if (unit === 'epoch') {
      for (const m of this.trainer.runEpochs(1)) this.pending.push(m);
    } else {
      const done = this.trainer.stepBatch();
      if (done) this.pending.push(done);
    }
    this.trainerChanged();
    if (this.trainer.diverged) {
      this.flush(true, true);
      this.post({ kind: 'diverged', state: this.state() });
    }
    this.replan();
    return { ok: true, value: { unit, epoch: this.trainer.epoch } };
  }

  /** Runs a request and answers it with its result, typed by its kind, and the state after it. */
  private reply<K extends RequestKind>(command: { kind: K; id: number }, run: () => Result<WorkerReplies[K]>, withPoints = false): void {
    let result: Result<WorkerReplies[K]>;
    try {
      result = run();
    } catch (err) {
      result = fail('internal', `training worker failed: ${(err as Error).message}`);
    }
    const points = withPoints && result.ok ? pointsOf(this.trainer) : undefined;
    // Every epoch trained before the reply reaches the main thread before it, so events and status stay in order.
    this.flush(false, true);
    this.post({ kind: 'reply', id: command.id, result, state: this.state(), ...(points === undefined ? {} : { points }) });
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
      if (this.flow.full) return this.flow.stall();
      return this.scheduleSlice(Math.max(1, this.init.tickMs - (performance.now() - this.lastTickAt)));
    }
    const maxEpochs = this.speedLimit.allowed(MAX_EPOCHS_PER_TICK - this.pending.length);
    if (maxEpochs < 1) {
      this.flush();
      return this.scheduleSlice(this.speedLimit.waitMs());
    }
    this.speedLimit.spend(this.trainer.runForInto(this.init.sliceMs, maxEpochs, this.pending));
    // Weights move with every batch, so a slow epoch still animates at display rate.
    this.trainerChanged();
    if (this.trainer.diverged) {
      this.running = false;
      this.trainerChanged();
      this.flush(true, true);
      this.post({ kind: 'diverged', state: this.state() });
      return;
    }
    this.flush();
    this.scheduleSlice(0);
  }

  /**
   * Posts a tick: pending metrics once per `tickMs` (or now, before a reply), plus a snapshot when the
   * {@link SnapshotPacer} takes one. While the {@link TickFlow} is full only a reply's epochs go out (they must
   * precede it). When paused, whatever is left is retried by a timer.
   */
  private flush(forceSnapshot = false, metricsNow = false): void {
    if (this.flow.full && !metricsNow) return;
    const now = performance.now();
    const { snapshot, waiting, dueInMs } = this.snapshots.turn(now, this.running, forceSnapshot);
    const metricsDue = metricsNow || now - this.lastTickAt >= this.init.tickMs;
    if ((metricsDue && this.pending.length > 0) || snapshot !== null) {
      const metrics = this.pending.take();
      this.lastTickAt = now;
      const transfer = snapshot === null ? [metrics.buffer] : [snapshot.buffer as ArrayBuffer, metrics.buffer];
      this.flow.posted();
      this.post({ kind: 'tick', metrics, snapshot, epoch: this.trainer.epoch }, transfer);
    }
    if (this.running) return;
    if (waiting || this.pending.length > 0) this.scheduleSlice(dueInMs);
  }
}
