import type { ExperimentConfig, OutputEffect, Reconciled, Result } from '@liveprop/core';
import { snapshotEpoch, type DatasetPoints, type SessionEvent, type SessionStatus, type Viewer } from '@liveprop/protocol';
import type { Logger } from 'pino';
import { sendJoinFrames, type JoinState } from './joinFrames.js';
import { MetricHistory } from './metricHistory.js';
import { datasetPoints } from './points.js';
import type { Participant } from './participant.js';
import { Presence, type PresencePart } from './presence.js';
import { withoutCsvText } from './publicConfig.js';
import type { SessionRecorder } from './recorder.js';
import { RecordedMetrics } from './recordedMetrics.js';
import type { SequencedFrame } from './ringBuffer.js';
import type { SessionWorker } from './sessionWorker.js';
import { SessionStream, type FrameBuilder, type StreamMirror } from './sessionStream.js';
import type { WorkerSource } from './spareWorkers.js';
import { startSessionWorker } from './startWorker.js';
import { StoredSnapshotReads, type JoinerSnapshot } from './storedSnapshotReads.js';
import { fanOutTick } from './tickFanOut.js';
import type { WorkerInit, WorkerReply, WorkerState } from './workerProtocol.js';
import type { AsleepState, SessionOptions, StoredSnapshot, TakenCheckpoint, WorkerGate } from './sessionOptions.js';

export type { AsleepState, SessionOptions, StoredSnapshot, TakenCheckpoint, WorkerGate };

/** Without a store, memory holds every snapshot a worker rendered: a session holding none never had one. */
const NONE_STORED: JoinerSnapshot = { found: 'none' };

/** The part of a `status` frame a command can change (the epoch moves on its own). */
interface PublishedStatus {
  status: SessionStatus;
  speed: number | null;
  canRollback: boolean;
}

/**
 * One shared training session on the main thread: its viewers, sequenced broadcast stream, event log and
 * lossless metric history. Training itself happens in the session's worker; this class never trains.
 */
export class Session {
  readonly id: string;
  readonly editTokenHash: string;
  readonly createdAt: number;
  readonly history = new MetricHistory();
  readonly events: SessionEvent[] = [];
  readonly log: Logger;
  private currentName: string;
  /** The worker's latest report; only a newer one replaces it ({@link adopt}). */
  private state: WorkerState;
  /** Whether the worker is gone: the session then reads paused whatever it last reported. */
  private stopped = false;
  /** Undefined while hibernated when its config rebuilds them: they are built for the joiners who ask. */
  private currentPoints: DatasetPoints | undefined = null;
  private lastReconciled: Reconciled | null = null;
  /** What the last `status` frame said, so a command that changed nothing sends none. */
  private published: PublishedStatus | null = null;
  private readonly stream: SessionStream;
  private readonly presence: Presence;
  private readonly metrics: RecordedMetrics;
  private readonly maxStateEvents: number;
  /** Null while the session hibernates ([R39]). */
  private worker: SessionWorker | null = null;
  private closed = false;
  private readonly recorder: SessionRecorder | null;
  private readonly workers: WorkerSource | undefined;
  private readonly gate: WorkerGate | null;
  private readonly storedSnapshots: StoredSnapshotReads | null;

  private constructor(options: SessionOptions) {
    this.id = options.id;
    this.currentName = options.name;
    this.editTokenHash = options.editTokenHash;
    // A CSV's text stays with the worker and its checkpoints ([R37]); a session loaded asleep gets its config from one.
    this.state = { version: 0, epoch: 0, running: false, diverged: false, canRollback: false, speed: null, config: withoutCsvText(options.init.config) };
    this.log = options.logger.child({ sessionId: options.id });
    const seq = options.restored?.seq ?? 0;
    const streamId = options.asleep?.streamId;
    const ring = { ringFrames: options.ringFrames ?? 4096, ringChars: options.ringChars ?? 8 * 1024 * 1024 };
    this.stream = new SessionStream({ seq, ...ring, ...(streamId === undefined ? {} : { streamId }) });
    this.presence = new Presence(this.stream);
    this.maxStateEvents = options.maxStateEvents ?? 1000;
    this.recorder = options.recorder ?? null;
    this.workers = options.workers;
    this.gate = options.gate ?? null;
    this.storedSnapshots = options.storedSnapshot === undefined ? null : new StoredSnapshotReads(this.id, options.storedSnapshot);
    this.createdAt = options.restored?.createdAt ?? Date.now();
    if (options.restored) {
      this.events.push(...options.restored.events);
      this.history.append(options.restored.metrics);
    }
    this.metrics = new RecordedMetrics(this.id, this.history, this.recorder, options.restored?.metrics.at(-1)?.epoch ?? 0);
    if (options.asleep) {
      const { status, epoch, canRollback, speed, points } = options.asleep;
      this.state = { ...this.state, epoch, running: false, diverged: status === 'diverged', canRollback, speed };
      this.currentPoints = points;
      this.published = this.statusFields();
      this.history.compact();
    }
  }

  /** Starts the worker and resolves once the Trainer is built, or with the core's reason it could not be. */
  static create(options: SessionOptions): Promise<Result<Session>> {
    const session = new Session(options);
    return session.startWorker(options.init).then((ready): Result<Session> => (ready.ok ? { ok: true, value: session } : ready));
  }

  /** A session without a worker (hibernated, [R39]): it shows `options.asleep` until {@link startWorker}. */
  static asleep(options: SessionOptions & { asleep: AsleepState }): Session {
    return new Session(options);
  }

  /**
   * Starts a worker for this session and resolves once it is ready, or with the core's reason it could not be.
   * A new worker numbers its reports from 1 again, so the session's state starts over with it; reports of a worker
   * the session let go of are ignored.
   */
  startWorker(init: WorkerInit): Promise<Result<null>> {
    let mine: SessionWorker | null = null;
    const current = (): boolean => mine !== null && this.worker === mine;
    this.state = { ...this.state, version: 0 };
    this.stopped = false;
    const started = startSessionWorker(init, this.log, {
      onReady: (event) => {
        this.currentPoints = event.points;
        this.lastReconciled = event.reconciled;
        this.published ??= this.statusFields();
      },
      onState: (state) => {
        if (current()) this.adopt(state);
      },
      onTick: (tick) => {
        if (!current()) return;
        fanOutTick(tick, this.stream, this.metrics, mine!);
        this.state = { ...this.state, epoch: tick.epoch };
      },
      onDiverged: () => this.onDiverged(),
      onExit: (code, crash) => {
        if (this.closed || !current()) return;
        this.log.error({ code, err: crash?.message }, 'training worker exited');
        this.stopped = true;
        this.publishStatusIfChanged('system');
      },
    }, this.workers);
    mine = started.worker;
    this.worker = mine;
    return started.ready.then((ready) => {
      if (!ready.ok && this.worker === mine) this.worker = null;
      return ready;
    });
  }

  /** Whether the session was closed: deleted, stopped, or handed to another node; it never wakes again. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Whether the session holds a worker thread; a hibernated one does not ([R39]). */
  get awake(): boolean {
    return this.worker !== null;
  }

  /** The session's worker; only an awake session has one (the registry wakes a session before using it). */
  get workerHandle(): SessionWorker {
    if (this.worker === null) throw new Error(`session ${this.id} is hibernated: wake it before using its worker`);
    return this.worker;
  }

  /** Runs `use` with the worker awake ([R39]): a hibernated session wakes first; `busy` at the worker cap. */
  withWorker<T>(use: () => Promise<T>): Promise<Result<T>> {
    if (this.gate === null) return use().then((value) => ({ ok: true, value }));
    return this.gate.use(this, use);
  }

  /** Marks the session used now without waking it: its idle time starts over. */
  touch(): void {
    this.gate?.touch(this);
  }

  /**
   * Lets go of the worker without a word to viewers: the session hibernates, its stream goes on. What a worker
   * needed and a sleeper does not is let go too: the history's spare rows, and data points its config rebuilds.
   */
  async releaseWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.history.compact();
    if (this.config.dataset.kind !== 'csv') this.currentPoints = undefined;
    await worker?.release();
  }

  /** The snapshot joiners get now, if any. */
  get lastSnapshot(): Uint8Array | null {
    return this.stream.lastSnapshot;
  }

  /**
   * The last snapshot as the store keeps it, under the epoch it shows: a running session's lags the checkpoint taken
   * with it (snapshots are paced, the checkpoint is of now), and a joiner after a restart must not take it for current.
   */
  get snapshotToStore(): StoredSnapshot | null {
    const data = this.stream.lastSnapshot;
    return data === null ? null : { epoch: snapshotEpoch(data), data };
  }

  /**
   * Lets go of the snapshot `bytes` once the store has it, while the session still sleeps on it ([R39]): a join
   * reads it from the store instead. Without a store to read from, memory keeps it.
   */
  snapshotStored(bytes: Uint8Array): void {
    if (this.worker === null && this.storedSnapshots !== null && this.stream.lastSnapshot === bytes) {
      this.stream.forgetSnapshot(bytes);
      this.storedSnapshots.letGo();
    }
  }

  /**
   * Sends a joiner the stored snapshot when memory holds none, unless a newer one reached it meanwhile. When the store
   * has none of the session's epoch, the join wakes the session: its worker renders one for every viewer, and memory
   * holds it for later joiners until the session hibernates again and stores it.
   */
  private async sendStoredSnapshot(p: Participant): Promise<void> {
    const read = this.storedSnapshots === null ? NONE_STORED : await this.storedSnapshots.forJoiner(() => ({ epoch: this.epoch, holdsLive: this.stream.lastSnapshot !== null }));
    if (this.participants.get(p.id) !== p) return;
    if (read.found === 'stored') p.sendSnapshot(read.snapshot.data);
    else if (read.found === 'none') await this.renderSnapshot();
  }

  /** Wakes the session so that its worker renders a snapshot for every viewer; joins at once share one wake. */
  private async renderSnapshot(): Promise<void> {
    const woke = await this.withWorker(async () => null);
    if (!woke.ok) this.log.warn({ code: woke.code, err: woke.message }, 'no current snapshot for a joiner: the session could not wake to render one');
  }

  get name(): string {
    return this.currentName;
  }

  get status(): SessionStatus {
    if (this.state.diverged) return 'diverged';
    return this.state.running && !this.stopped ? 'running' : 'paused';
  }

  get epoch(): number {
    return this.state.epoch;
  }

  get speed(): number | null {
    return this.state.speed;
  }

  get canRollback(): boolean {
    return this.state.canRollback;
  }

  get config(): ExperimentConfig {
    return this.state.config;
  }

  get points(): DatasetPoints {
    if (this.currentPoints === undefined) this.currentPoints = datasetPoints(this.config);
    return this.currentPoints;
  }

  /** What the worker re-applied to the checkpoint it was started from to reach the stored config; `null` for a new run. */
  get reconciled(): Reconciled | null {
    return this.lastReconciled;
  }

  /** What a fresh joiner's `sessionState` says about the session ([R12]). */
  joinState(): JoinState {
    const { id: sessionId, name, streamId, seq, config, status, epoch, speed, canRollback, points } = this;
    const events = this.stateEvents();
    return { sessionId, name, streamId, seq, config, status, epoch, speed, canRollback, points, events, presence: this.viewers(), viewerCount: this.presence.count() };
  }

  /** Seq of the last frame broadcast. */
  get seq(): number {
    return this.stream.seq;
  }

  /** Identifies this run of the stream: a resume across a restart sees another and resyncs ([R13]). */
  get streamId(): string {
    return this.stream.streamId;
  }

  /** Everyone joined, by client id. */
  get participants(): ReadonlyMap<string, Participant> {
    return this.stream.participants;
  }

  /** Assigns the next seq, encodes once, keeps the frame for resume and sends the same bytes to everyone ([R4]). */
  publish(build: FrameBuilder): void {
    this.stream.publish(build);
  }

  /** The most recent events, as many as `sessionState` carries. */
  stateEvents(): SessionEvent[] {
    return this.events.slice(-this.maxStateEvents);
  }

  /** The presence list ([R18]); see {@link Presence.viewers}. */
  viewers(): Viewer[] {
    return this.presence.viewers();
  }

  /** Cluster mode: relays the stream to other nodes (or stops, with null) and counts their participants in presence. */
  relayTo(mirror: StreamMirror | null): void {
    this.stream.mirror = mirror;
  }

  /** Participants of this session on other nodes; a change is broadcast with the next presence frame. */
  setElsewhere(part: PresencePart): void {
    this.presence.elsewhere = part;
    this.schedulePresence();
  }

  /** Every participant, on this node and elsewhere. */
  get viewerCount(): number {
    return this.presence.count();
  }

  /** Broadcasts the epochs held back for the next metrics frame now, so a state read after it includes them. */
  flushMetrics(): void {
    this.stream.flushMetrics();
  }

  /** Broadcasts presence soon, coalescing bursts ([R18]); see {@link Presence.schedule}. */
  schedulePresence(): void {
    this.presence.schedule();
  }

  /** Broadcasts and records the session's status, as changed by `by`. */
  publishStatus(by: string): void {
    const { status, epoch, speed, canRollback } = this;
    this.published = this.statusFields();
    this.publish((seq, streamId) => ({ type: 'status', streamId, seq, status, epoch, speed, canRollback, by }));
    this.recordState();
  }

  /**
   * Broadcasts the status when it differs from the last one sent. Every command ends with this, so whichever
   * order commands and worker replies interleave in, the last status everyone got is the session's own.
   */
  publishStatusIfChanged(by: string): boolean {
    const was = this.published;
    const now = this.statusFields();
    if (was !== null && was.status === now.status && was.speed === now.speed && was.canRollback === now.canRollback) return false;
    this.publishStatus(by);
    return true;
  }

  private statusFields(): PublishedStatus {
    return { status: this.status, speed: this.speed, canRollback: this.canRollback };
  }

  /** Renames the session; the caller stores and announces it. */
  rename(name: string): void {
    this.currentName = name;
  }

  /** Takes the new data points a reply carries (dataset change, reset) and broadcasts them. */
  adoptPoints(reply: WorkerReply): void {
    if (reply.points === undefined) return;
    const points = reply.points;
    this.currentPoints = points;
    this.publish((seq, streamId) => ({ type: 'dataset', streamId, seq, points }));
  }

  /** Tells the recorder the session's status, epoch, seq (default: the stream's) and config. */
  recordState(seq = this.seq): void {
    this.recorder?.state(this.id, { status: this.status, epoch: this.epoch, seq, config: this.config });
  }

  /**
   * Records and broadcasts an event with the configuration after it ([R10]); `colour` is its author's, kept with it;
   * `output` is what a layer or activation edit did to the network's outputs ([R36]). The config is stored before
   * the event, so a crash between the two writes never keeps an event whose change a restart would not bring back.
   */
  publishEvent(by: string, what: string, from: unknown, to: unknown, colour?: string, output?: OutputEffect): void {
    const config = this.config;
    const epoch = this.epoch;
    this.publish((seq, streamId) => {
      const event: SessionEvent = { seq, epoch, by, what, from, to, ...(output && { output }), at: Date.now(), ...(colour === undefined ? {} : { colour }) };
      this.events.push(event);
      this.recordState(seq);
      this.recorder?.event(this.id, event);
      return { type: 'event', streamId, ...event, config };
    });
  }

  /** Forgets metrics after `epoch` (reset, rollback), here and in the store. */
  truncateHistory(epoch: number): void {
    this.stream.flushMetrics();
    this.metrics.truncateAfter(epoch);
  }

  /** Asks the worker for a checkpoint and stores it, with the last snapshot and the stream position; no-op without a recorder. */
  async saveCheckpoint(): Promise<void> {
    if (this.recorder === null || this.closed || this.worker === null) return;
    const taken = await this.takeCheckpoint();
    if (!taken.ok) return;
    this.recorder.checkpoint(this.id, taken.value);
    const snapshot = this.snapshotToStore;
    if (snapshot !== null) this.recorder.snapshot?.(this.id, snapshot);
    this.recordState();
  }

  /** Asks the worker for a checkpoint; every epoch trained before it is in `history` when this resolves. */
  async takeCheckpoint(): Promise<Result<TakenCheckpoint>> {
    const reply = await this.workerHandle.request({ kind: 'checkpoint' });
    if (!reply.result.ok) {
      this.log.error({ code: reply.result.code, err: reply.result.message }, 'checkpoint failed');
      return reply.result;
    }
    return { ok: true, value: { epoch: reply.state.epoch, seq: this.seq, data: reply.result.value } };
  }

  /** Takes a state the worker reported when it is newer than the one held: the session's state only moves forward. */
  private adopt(state: WorkerState): void {
    if (state.version > this.state.version) this.state = state;
  }

  private onDiverged(): void {
    this.log.warn({ epoch: this.epoch }, 'training diverged; session paused');
    this.publishEvent('system', 'diverged', null, this.epoch);
    this.publishStatus('system');
  }

  /** Adds a participant and sends it what it missed or the full state ([R4], [R12], [R13]). */
  join(p: Participant, lastSeq: number | undefined, streamId: string | undefined): void {
    // Its state includes every epoch in `history`; held ones must reach the others first, not it twice.
    this.stream.flushMetrics();
    this.stream.participants.set(p.id, p);
    sendJoinFrames(this, p, lastSeq, streamId);
    if (this.stream.lastSnapshot !== null) this.stream.sendLatestSnapshot(p);
    else void this.sendStoredSnapshot(p);
    this.log.info({ clientId: p.id, role: p.role, viewers: this.participants.size }, 'client joined');
    this.schedulePresence();
  }

  /** Frames after `lastSeq`, or `null` when they are no longer all held. */
  missedSince(lastSeq: number): SequencedFrame[] | null {
    return this.stream.missedSince(lastSeq);
  }

  /** Removes a participant; the others see it gone in the next presence frame. */
  leave(p: Participant): void {
    if (!this.stream.participants.delete(p.id)) return;
    this.log.info({ clientId: p.id, viewers: this.participants.size }, 'client left');
    this.schedulePresence();
  }

  /** Saves a final checkpoint (when recording) and stops the worker. */
  async close(): Promise<void> {
    await this.saveCheckpoint();
    this.closed = true;
    this.presence.stop();
    this.stream.stop();
    await this.releaseWorker();
  }
}
