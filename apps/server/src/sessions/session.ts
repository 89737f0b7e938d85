import type { ExperimentConfig, Result } from '@liveprop/core';
import {
  encodeServerMessage,
  toMetricColumns,
  type DatasetPoints,
  type JsonServerMessage,
  type SessionEvent,
  type SessionStatus,
  type Viewer,
} from '@liveprop/protocol';
import type { Logger } from 'pino';
import { MetricHistory } from './metricHistory.js';
import type { Participant } from './participant.js';
import { FrameRing } from './ringBuffer.js';
import { SessionWorker } from './sessionWorker.js';
import { generateId } from './tokens.js';
import type { WorkerEvent, WorkerInit, WorkerReply, WorkerState } from './workerProtocol.js';

type Sequenced = JsonServerMessage & { seq: number };
/** Builds a broadcast frame once its seq is known. */
type FrameBuilder = (seq: number, streamId: string) => Sequenced;

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
}

/** How many history buckets a late joiner gets ([R12]). */
export const JOIN_HISTORY_BUCKETS = 1000;

/**
 * One shared training session on the main thread: its viewers, sequenced broadcast stream, event log and
 * lossless metric history. Training itself happens in the session's worker; this class never trains.
 */
export class Session {
  readonly id: string;
  name: string;
  readonly editTokenHash: string;
  readonly streamId = generateId(6);
  readonly createdAt = Date.now();
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

  private constructor(options: SessionOptions) {
    this.id = options.id;
    this.name = options.name;
    this.editTokenHash = options.editTokenHash;
    this.config = options.init.config;
    this.log = options.logger.child({ sessionId: options.id });
    this.ring = new FrameRing(options.ringFrames ?? 4096, options.ringChars ?? 8 * 1024 * 1024);
    this.maxStateEvents = options.maxStateEvents ?? 1000;
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
            session.config = event.state.config;
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
        (code) => {
          if (!settled) {
            settled = true;
            resolve({ ok: false, code: 'internal', message: `training worker exited with code ${code} before it was ready` });
          } else if (!session.closed) {
            session.log.error({ code }, 'training worker exited');
            session.status = 'paused';
          }
        },
      );
    });
  }

  get workerHandle(): SessionWorker {
    return this.worker;
  }

  /** Assigns the next seq, encodes once, keeps the frame for resume and sends the same text to everyone ([R4]). */
  publish(build: FrameBuilder): void {
    const frame = build(++this.seq, this.streamId);
    const text = encodeServerMessage(frame);
    this.ring.push({ seq: frame.seq, text });
    for (const p of this.participants.values()) p.sendText(text);
  }

  viewers(): Viewer[] {
    return [...this.participants.values()].map((p) => ({ id: p.id, name: p.name, colour: p.colour, role: p.role }));
  }

  publishPresence(): void {
    const viewers = this.viewers();
    this.publish((seq, streamId) => ({ type: 'presence', streamId, seq, viewers }));
  }

  publishStatus(by: string): void {
    const { status, epoch, speed, canRollback } = this;
    this.publish((seq, streamId) => ({ type: 'status', streamId, seq, status, epoch, speed, canRollback, by }));
  }

  /** Records and broadcasts an event with the configuration after it ([R10]). */
  publishEvent(by: string, what: string, from: unknown, to: unknown): void {
    const config = this.config;
    const epoch = this.epoch;
    this.publish((seq, streamId) => {
      const event: SessionEvent = { seq, epoch, by, what, from, to, at: Date.now() };
      this.events.push(event);
      return { type: 'event', streamId, ...event, config };
    });
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

  private onTick(metrics: Parameters<MetricHistory['append']>[0], snapshot: Uint8Array | null, epoch: number): void {
    if (metrics.length > 0) {
      this.history.append(metrics);
      const columns = toMetricColumns(metrics);
      this.publish((seq, streamId) => ({ type: 'metrics', streamId, seq, columns }));
    }
    this.epoch = epoch;
    if (snapshot !== null) {
      this.latestSnapshot = snapshot;
      for (const p of this.participants.values()) p.sendSnapshot(snapshot);
    }
  }

  /**
   * Adds a participant. With a `lastSeq` from the current stream still in the ring, it gets exactly the missed
   * frames ([R4]); otherwise a flagged resync ([R13]) or, without `lastSeq`, the fresh-join sequence ([R12]).
   */
  join(p: Participant, lastSeq: number | undefined, streamId: string | undefined): void {
    this.participants.set(p.id, p);
    if (lastSeq !== undefined) {
      const missed = streamId === this.streamId ? this.ring.since(lastSeq, this.seq) : null;
      if (missed !== null) {
        p.sendMessage({ type: 'resumed', sessionId: this.id, streamId: this.streamId, role: p.role, you: p.id, fromSeq: lastSeq + 1, toSeq: this.seq });
        for (const frame of missed) p.sendText(frame.text);
        this.finishJoin(p);
        return;
      }
      p.sendMessage({ type: 'resync', flagged: true, reason: streamId === this.streamId ? 'gone' : 'stream_changed', sessionId: this.id });
    }
    p.sendMessage({
      type: 'sessionState', sessionId: this.id, streamId: this.streamId, seq: this.seq, role: p.role, you: p.id,
      config: this.config, status: this.status, epoch: this.epoch, speed: this.speed, canRollback: this.canRollback,
      presence: this.viewers(), events: this.events.slice(-this.maxStateEvents), points: this.points,
    });
    p.sendMessage(this.history.downsample(this.id, 0, Number.MAX_SAFE_INTEGER, JOIN_HISTORY_BUCKETS));
    this.finishJoin(p);
  }

  private finishJoin(p: Participant): void {
    if (this.latestSnapshot !== null) p.sendSnapshot(this.latestSnapshot);
    this.log.info({ clientId: p.id, role: p.role, viewers: this.participants.size }, 'client joined');
    this.publishPresence();
  }

  leave(p: Participant): void {
    if (!this.participants.delete(p.id)) return;
    this.log.info({ clientId: p.id, viewers: this.participants.size }, 'client left');
    if (!this.closed) this.publishPresence();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
  }
}
