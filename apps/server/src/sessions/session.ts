import type { EpochMetrics, ExperimentConfig, Result } from '@liveprop/core';
import {
  PRESENCE_LIMIT,
  encodeServerMessage,
  toMetricColumns,
  type DatasetPoints,
  type JsonServerMessage,
  type SessionEvent,
  type SessionStatus,
  type Viewer,
} from '@liveprop/protocol';
import type { Logger } from 'pino';
import { sendJoinFrames } from './joinFrames.js';
import { MetricHistory } from './metricHistory.js';
import { MetricsHold } from './metricsHold.js';
import type { Participant } from './participant.js';
import type { SessionRecorder } from './recorder.js';
import { FrameRing, type SequencedFrame } from './ringBuffer.js';
import { SessionWorker } from './sessionWorker.js';
import { generateId } from './tokens.js';
import type { WorkerEvent, WorkerInit, WorkerReply, WorkerState } from './workerProtocol.js';

type Sequenced = JsonServerMessage & { seq: number };
/** Builds a broadcast frame once its seq is known. */
type FrameBuilder = (seq: number, streamId: string) => Sequenced;

/** Fewest ms between two presence frames. */
export const PRESENCE_COALESCE_MS = 250;

export interface SessionOptions {
  id: string;
  name: string;
  editTokenHash: string;
  init: WorkerInit;
  logger: Logger;
  ringFrames?: number;
  ringChars?: number;
  /** Events sent in `sessionState`; older ones stay kept on the server. */
  maxStateEvents?: number;
  recorder?: SessionRecorder;
  /** What a session restored from the store already had. */
  restored?: { seq: number; events: SessionEvent[]; metrics: EpochMetrics[]; createdAt: number };
}

/**
 * One shared training session on the main thread: its viewers, sequenced broadcast stream, event log and
 * lossless metric history. Training itself happens in the session's worker; this class never trains.
 */
export class Session {
  readonly id: string;
  name: string;
  readonly editTokenHash: string;
  readonly streamId = generateId(6);
  readonly createdAt: number;
  readonly history = new MetricHistory();
  readonly events: SessionEvent[] = [];
  readonly participants = new Map<string, Participant>();
  seq = 0;
  status: SessionStatus = 'paused';
  epoch = 0;
  speed: number | null = null;
  canRollback = false;
  config: ExperimentConfig;
  points: DatasetPoints = null;
  latestSnapshot: Uint8Array | null = null;
  readonly log: Logger;
  private readonly ring: FrameRing;
  private readonly maxStateEvents: number;
  private worker!: SessionWorker;
  private closed = false;
  private readonly recorder: SessionRecorder | null;
  private presenceTimer: ReturnType<typeof setTimeout> | null = null;
  /** Epochs in `history` not yet broadcast; they go out before any other frame and before a join. */
  private readonly heldMetrics = new MetricsHold(
    (epochs) => {
      const columns = toMetricColumns(epochs);
      this.publishNow((seq, streamId) => ({ type: 'metrics', streamId, seq, columns }));
    },
    () => {
      if (!this.closed) this.corked(() => this.heldMetrics.flush());
    },
  );
  /** Last epoch handed to the recorder; an epoch at or below it means the history was cut. */
  private lastRecordedEpoch = 0;

  private constructor(options: SessionOptions) {
    this.id = options.id;
    this.name = options.name;
    this.editTokenHash = options.editTokenHash;
    this.config = options.init.config;
    this.log = options.logger.child({ sessionId: options.id });
    this.ring = new FrameRing(options.ringFrames ?? 4096, options.ringChars ?? 8 * 1024 * 1024);
    this.maxStateEvents = options.maxStateEvents ?? 1000;
    this.recorder = options.recorder ?? null;
    this.createdAt = options.restored?.createdAt ?? Date.now();
    if (options.restored) {
      this.seq = options.restored.seq;
      this.events.push(...options.restored.events);
      this.history.append(options.restored.metrics);
      this.lastRecordedEpoch = options.restored.metrics.at(-1)?.epoch ?? 0;
    }
  }

  /** Starts the worker and resolves once the Trainer is built, or with the core's reason it could not be. */
  static create(options: SessionOptions): Promise<Result<Session>> {
    const session = new Session(options);
    return new Promise((resolve) => {
      let settled = false;
      session.worker = new SessionWorker(
        options.init,
        (event) => {
          if (!settled && event.kind === 'ready') {
            settled = true;
            session.adopt(event.state);
            session.points = event.points;
            resolve({ ok: true, value: session });
          } else if (!settled && event.kind === 'failed') {
            settled = true;
            void session.worker.terminate();
            resolve({ ok: false, code: event.code, message: event.message });
          } else {
            session.onWorkerEvent(event);
          }
        },
        (code, crash) => {
          const why = crash ? `: ${crash.message}` : '';
          if (!settled) {
            settled = true;
            session.log.error({ code, err: crash?.message }, 'training worker died before it was ready');
            resolve({ ok: false, code: 'internal', message: `training worker exited with code ${code} before it was ready${why}` });
          } else if (!session.closed) {
            session.log.error({ code, err: crash?.message }, 'training worker exited');
            session.status = 'paused';
          }
        },
      );
    });
  }

  get workerHandle(): SessionWorker {
    return this.worker;
  }

  /** Assigns the next seq, encodes once, keeps the frame for resume and sends the same bytes to everyone ([R4]). */
  publish(build: FrameBuilder): void {
    this.heldMetrics.flush();
    this.publishNow(build);
  }

  private publishNow(build: FrameBuilder): void {
    const frame = build(++this.seq, this.streamId);
    const text = encodeServerMessage(frame);
    this.ring.push({ seq: frame.seq, text });
    if (this.participants.size === 0) return;
    const bytes = Buffer.from(text, 'utf8');
    for (const p of this.participants.values()) p.sendTextBytes(bytes);
  }

  /** The most recent events, as many as `sessionState` carries. */
  stateEvents(): SessionEvent[] {
    return this.events.slice(-this.maxStateEvents);
  }

  /** The presence list: at most {@link PRESENCE_LIMIT}, editors first, then the most recently joined ([R18]). */
  viewers(): Viewer[] {
    const all = [...this.participants.values()].reverse();
    const listed = all.filter((p) => p.role === 'editor').concat(all.filter((p) => p.role !== 'editor')).slice(0, PRESENCE_LIMIT);
    return listed.map((p) => ({ id: p.id, name: p.name, colour: p.colour, role: p.role }));
  }

  /**
   * Broadcasts presence soon, coalescing bursts (a crowd joining at once) into one frame per
   * {@link PRESENCE_COALESCE_MS}, so presence costs O(viewers) per change rather than O(viewers²) ([R18]).
   */
  schedulePresence(): void {
    if (this.presenceTimer !== null || this.closed) return;
    this.presenceTimer = setTimeout(() => {
      this.presenceTimer = null;
      if (this.closed) return;
      const viewers = this.viewers();
      const count = this.participants.size;
      this.publish((seq, streamId) => ({ type: 'presence', streamId, seq, viewers, count }));
    }, PRESENCE_COALESCE_MS);
  }

  publishStatus(by: string): void {
    const { status, epoch, speed, canRollback } = this;
    this.publish((seq, streamId) => ({ type: 'status', streamId, seq, status, epoch, speed, canRollback, by }));
    this.recordState();
  }

  private recordState(): void {
    this.recorder?.state(this.id, { status: this.status, epoch: this.epoch, seq: this.seq, config: this.config });
  }

  /** Records and broadcasts an event with the configuration after it ([R10]). */
  publishEvent(by: string, what: string, from: unknown, to: unknown): void {
    const config = this.config;
    const epoch = this.epoch;
    this.publish((seq, streamId) => {
      const event: SessionEvent = { seq, epoch, by, what, from, to, at: Date.now() };
      this.events.push(event);
      this.recorder?.event(this.id, event);
      return { type: 'event', streamId, ...event, config };
    });
    this.recordState();
  }

  /** Forgets metrics after `epoch` (reset, rollback), here and in the store. */
  truncateHistory(epoch: number): void {
    this.heldMetrics.flush();
    this.history.truncateFrom(epoch + 1);
    if (this.lastRecordedEpoch > epoch) {
      this.recorder?.truncate(this.id, epoch);
      this.lastRecordedEpoch = epoch;
    }
  }

  /** Asks the worker for a checkpoint and stores it with the stream position; no-op without a recorder. */
  async saveCheckpoint(): Promise<void> {
    if (this.recorder === null || this.closed) return;
    const reply = await this.worker.request({ kind: 'checkpoint' });
    if (!reply.result.ok) {
      this.log.error({ code: reply.result.code, err: reply.result.message }, 'checkpoint failed');
      return;
    }
    this.recorder.checkpoint(this.id, { epoch: reply.state.epoch, seq: this.seq, data: reply.result.value });
    this.recordState();
  }

  /** Applies the training state a worker reply or event reports. */
  adopt(state: WorkerState): void {
    this.epoch = state.epoch;
    this.config = state.config;
    this.canRollback = state.canRollback;
    this.status = state.diverged ? 'diverged' : state.running ? 'running' : 'paused';
  }

  private onWorkerEvent(event: Exclude<WorkerEvent, WorkerReply>): void {
    switch (event.kind) {
      case 'tick':
        return this.onTick(event.metrics, event.snapshot, event.epoch);
      case 'diverged':
        this.adopt(event.state);
        this.log.warn({ epoch: this.epoch }, 'training diverged; session paused');
        this.publishEvent('system', 'diverged', null, this.epoch);
        this.publishStatus('system');
        return;
      case 'ready':
      case 'failed':
        return;
      default: {
        const never: never = event;
        throw new Error(`unknown worker event ${JSON.stringify(never)}`);
      }
    }
  }

  /** Runs `send` with every socket corked, so the frames it sends leave in one write per viewer. */
  private corked(send: () => void): void {
    for (const p of this.participants.values()) p.cork();
    try {
      send();
    } finally {
      for (const p of this.participants.values()) p.uncork();
    }
  }

  /** Fans a tick out corked: its metrics, snapshot and ack ping cost one write per viewer. */
  private onTick(metrics: EpochMetrics[], snapshot: Uint8Array | null, epoch: number): void {
    try {
      this.corked(() => this.fanOutTick(metrics, snapshot, epoch));
    } finally {
      this.worker.send({ kind: 'tickAck' });
    }
  }

  private fanOutTick(metrics: EpochMetrics[], snapshot: Uint8Array | null, epoch: number): void {
    if (metrics.length > 0) {
      this.history.append(metrics);
      if (this.recorder !== null) {
        const first = metrics[0]!.epoch;
        if (first <= this.lastRecordedEpoch) this.recorder.truncate(this.id, first - 1);
        this.recorder.metrics(this.id, metrics);
        this.lastRecordedEpoch = metrics.at(-1)!.epoch;
      }
      this.heldMetrics.add(metrics);
    }
    this.epoch = epoch;
    if (snapshot !== null) {
      this.latestSnapshot = snapshot;
      for (const p of this.participants.values()) p.sendSnapshot(snapshot);
      this.worker.send({ kind: 'snapshotAck' });
    }
  }

  /** Adds a participant and sends it what it missed or the full state ([R4], [R12], [R13]). */
  join(p: Participant, lastSeq: number | undefined, streamId: string | undefined): void {
    // Its state includes every epoch in `history`; held ones must reach the others first, not it twice.
    this.heldMetrics.flush();
    this.participants.set(p.id, p);
    sendJoinFrames(this, p, lastSeq, streamId);
    if (this.latestSnapshot !== null) p.sendSnapshot(this.latestSnapshot);
    this.log.info({ clientId: p.id, role: p.role, viewers: this.participants.size }, 'client joined');
    this.schedulePresence();
  }

  /** Frames after `lastSeq`, or `null` when they are no longer all held. */
  missedSince(lastSeq: number): SequencedFrame[] | null {
    return this.ring.since(lastSeq, this.seq);
  }

  leave(p: Participant): void {
    if (!this.participants.delete(p.id)) return;
    this.log.info({ clientId: p.id, viewers: this.participants.size }, 'client left');
    if (!this.closed) this.schedulePresence();
  }

  /** Saves a final checkpoint (when recording) and stops the worker. */
  async close(): Promise<void> {
    await this.saveCheckpoint();
    this.closed = true;
    if (this.presenceTimer !== null) clearTimeout(this.presenceTimer);
    this.heldMetrics.stop();
    await this.worker.terminate();
  }
}
