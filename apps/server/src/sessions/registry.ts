import type { ExperimentConfig, Result, TrainerCheckpoint } from '@liveprop/core';
import { CLOSE_CODES } from '@liveprop/protocol';
import type { Logger } from 'pino';
import type { SessionQuery } from '../storage/types.js';
import type { Participant } from './participant.js';
import { startAsleep } from './asleepStart.js';
import { CHECKPOINT_EVERY_MS, PERSISTENCE_PAUSED_EVENT, startCheckpointTimer } from './checkpointTimer.js';
import { HeldCheckpoints } from './heldCheckpoints.js';
import { DEFAULT_IDLE_MS, DEFAULT_MAX_WORKERS, DEFAULT_SPARE_WORKERS, Hibernation } from './hibernation.js';
import type { SessionRecorder } from './recorder.js';
import { asleepFromStore, readStoredSession } from './storedSession.js';
import { Session, type SessionOptions } from './session.js';
import type { SessionPage } from '../http/lobbyRest.js';

export type { SessionSummary } from '../http/lobbyRest.js';
import { listSessions, type ViewerCounts } from './sessionList.js';
import { SpareWorkers } from './spareWorkers.js';
import { StoreRecorder } from './storeRecorder.js';
import { generateId, generateToken, hashToken } from './tokens.js';
import type { WorkerInit } from './workerProtocol.js';

export interface RegistryOptions {
  logger: Logger;
  /** Most sessions holding a worker thread at once ([R39]); default {@link DEFAULT_MAX_WORKERS}. */
  maxWorkers?: number;
  /** A session neither training nor touched for this long hibernates, ms ([R39]); default 2 minutes. */
  hibernateAfterMs?: number;
  /** Worker threads kept started ahead so a wake skips the thread start ([R39]); within the cap; default {@link DEFAULT_SPARE_WORKERS}. */
  spareWorkers?: number;
  /** Worker tuning; defaults suit the dashboard. */
  worker?: Partial<Omit<WorkerInit, 'config'>>;
  ring?: { frames: number; chars: number };
  recorder?: SessionRecorder;
  /** How often running sessions save a checkpoint when recording, ms. */
  checkpointEveryMs?: number;
  /** Cluster mode: told when a session comes to this node and when it leaves, to hold and give up its lease. */
  placement?: SessionPlacement;
}

/** See {@link RegistryOptions.placement}. */
export interface SessionPlacement {
  started(session: Session): void;
  /** The session left this node for good: `deleted` (the only way now; viewers on other nodes are closed too). */
  stopped(id: string, why: 'deleted'): void;
}

/** Tells a participant its session was deleted and closes its socket with 4004 ([R21]). */
export function dropDeleted(p: Pick<Participant, 'sendError' | 'drop'>, id: string): void {
  p.sendError('unknown_session', `session "${id}" was deleted by an editor`);
  p.drop(CLOSE_CODES.sessionDeleted, 'session deleted');
}

/** Where a forked session came from ([R22]). */
export interface Lineage {
  parentId: string;
  forkEpoch: number;
}

/** What a new session starts from. */
export type StartOptions = Omit<SessionOptions, 'logger' | 'ringFrames' | 'ringChars' | 'recorder' | 'init' | 'asleep' | 'storedSnapshot'> & {
  init: Pick<SessionOptions['init'], 'config' | 'checkpoint' | 'speed'>;
};

/**
 * The sessions of this server process. Stored sessions stay in the store until someone asks for one; a session in
 * memory holds a worker only while {@link Hibernation} lets it, and one nobody watches is dropped from memory again.
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  private readonly lineage = new Map<string, Lineage>();
  private readonly loading = new Map<string, Promise<Session | undefined>>();
  /** What sessions dropped from memory leave behind: viewers coming back continue the stream, without a resync, and the speed stays. */
  private readonly dropped = new Map<string, { streamId: string; speed: number | null }>();
  private readonly workerDefaults: Omit<WorkerInit, 'config'>;
  private readonly checkpointTimer: ReturnType<typeof setInterval> | null = null;
  private readonly stored: StoreRecorder | null;
  readonly hibernation: Hibernation;
  private readonly spares: SpareWorkers;
  /** Set by {@link closeAll}: a session starting after it (a cluster take still under way) would outlive the server. */
  private closed = false;

  constructor(private readonly options: RegistryOptions) {
    this.workerDefaults = { grid: 32, thumbnailGrid: 16, sliceMs: 8, tickMs: 33, ...options.worker };
    const recorder = options.recorder;
    this.stored = recorder instanceof StoreRecorder ? recorder : null;
    this.hibernation = new Hibernation(
      { maxWorkers: options.maxWorkers ?? DEFAULT_MAX_WORKERS, idleMs: options.hibernateAfterMs ?? DEFAULT_IDLE_MS },
      {
        loaded: () => this.sessions.values(),
        workerInit: (config, checkpoint, speed) => this.workerInit(config, checkpoint, speed),
        idleAsleep: (s) => this.unload(s),
        workersChanged: () => this.spares.refill(),
      },
      new HeldCheckpoints(this.stored),
    );
    const { maxWorkers } = this.hibernation.settings;
    this.spares = new SpareWorkers(options.spareWorkers ?? DEFAULT_SPARE_WORKERS, () => maxWorkers - this.hibernation.workersInUse());
    this.spares.refill();
    if (recorder) {
      const sessions = { all: () => this.sessions.values(), get: (id: string) => this.sessions.get(id) };
      this.checkpointTimer = startCheckpointTimer(sessions, recorder, this.stored, options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS);
    }
    this.stored?.onPersistencePaused((id, code, message) => this.sessions.get(id)?.publishEvent('system', PERSISTENCE_PAUSED_EVENT, code, message));
  }

  /** What sessions report for persistence, if anything. */
  get recorder(): SessionRecorder | undefined {
    return this.options.recorder;
  }

  /**
   * What every session of this registry is made with: its logger, hibernation, workers, recorder, resume buffer, and
   * where its joiners read its last snapshot while memory holds none — the store, when there is one ([R39]).
   */
  private sessionDeps(): Pick<SessionOptions, 'logger' | 'gate' | 'workers' | 'recorder' | 'storedSnapshot' | 'ringFrames' | 'ringChars'> {
    const { logger, recorder, ring } = this.options;
    const store = this.stored?.store;
    return {
      logger,
      gate: this.hibernation,
      workers: this.spares,
      ...(recorder === undefined ? {} : { recorder }),
      ...(store === undefined ? {} : { storedSnapshot: (id: string) => store.loadSnapshot(id).then((read) => (read.ok ? read.value : null)) }),
      ...(ring === undefined ? {} : { ringFrames: ring.frames, ringChars: ring.chars }),
    };
  }

  private workerInit(config: ExperimentConfig, checkpoint: TrainerCheckpoint | null, speed: number | null = null): WorkerInit {
    return { ...this.workerDefaults, config, speed, ...(checkpoint === null ? {} : { checkpoint }) };
  }

  /** Remembers that session `id` was forked from another, for the lobby list. */
  setLineage(id: string, lineage: Lineage): void {
    this.lineage.set(id, lineage);
  }

  /** Registers a new session, with a worker when one can be had, else hibernated until it is used ([R39]). */
  async start(options: StartOptions): Promise<Result<Session>> {
    if (this.closed) return shuttingDown(options.id);
    const base = { ...options, ...this.sessionDeps(), init: this.workerInit(options.init.config, options.init.checkpoint ?? null, options.init.speed ?? null) };
    const slot = await this.hibernation.reserveSlot();
    if (!slot.ok) {
      // Stored by `create` when built here (a CSV's first checkpoint).
      const asleep = startAsleep(base, options.init);
      if (!asleep.ok) return asleep;
      const { session, checkpoint, built } = asleep.value;
      this.hibernation.checkpoints.hold(session.id, checkpoint, built);
      this.register(session);
      return { ok: true, value: session };
    }
    try {
      const created = await Session.create(base);
      if (created.ok && this.closed) {
        await created.value.close();
        return shuttingDown(options.id);
      }
      if (created.ok) this.register(created.value);
      return created;
    } finally {
      slot.value();
    }
  }

  private register(session: Session): void {
    this.sessions.set(session.id, session);
    this.hibernation.touch(session);
    this.options.placement?.started(session);
  }

  /** Whether a session could get a worker now without waiting for another to hibernate (cluster takeover asks). */
  hasRoom(): boolean {
    return this.freeWorkers() > 0;
  }

  /** Workers a session could get now without another hibernating. */
  freeWorkers(): number {
    return Math.max(0, this.hibernation.settings.maxWorkers - this.hibernation.workersInUse());
  }

  /** A session held in memory, without looking in the store. */
  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  /** A session by id: from memory, or loaded from the store (hibernated) — a join shows it at once ([R39]). */
  async acquire(id: string): Promise<Session | undefined> {
    const live = this.sessions.get(id);
    if (live !== undefined) {
      this.hibernation.touch(live);
      return live;
    }
    // In cluster mode a session comes to a node only with its lease (the cluster's takeover restores it).
    if (this.stored === null || this.options.placement !== undefined) return undefined;
    let loading = this.loading.get(id);
    if (loading === undefined) {
      loading = this.load(id).finally(() => this.loading.delete(id));
      this.loading.set(id, loading);
    }
    return loading;
  }

  private async load(id: string): Promise<Session | undefined> {
    const stored = await readStoredSession(this.stored!.store, id, this.options.logger, true);
    if (stored === null) return undefined;
    const raced = this.sessions.get(id);
    if (raced !== undefined) return raced;
    const left = this.dropped.get(id) ?? { speed: null };
    this.dropped.delete(id);
    const session = asleepFromStore(stored, { ...this.sessionDeps(), init: this.workerInit(stored.config, null) }, left);
    if (stored.checkpointDamaged) this.hibernation.checkpoints.hold(id, null);
    const { parentId, forkEpoch } = stored.row;
    if (parentId !== null && forkEpoch !== null) this.lineage.set(id, { parentId, forkEpoch });
    this.register(session);
    session.log.debug({ epoch: stored.epoch, status: stored.status }, 'session loaded from the store, hibernated');
    return session;
  }

  /** Takes a session out of memory and out of hibernation's books. */
  private forget(id: string): void {
    this.sessions.delete(id);
    this.lineage.delete(id);
    this.hibernation.forget(id);
  }

  /** Drops a hibernated, unwatched session from memory; it stays in the store and its stream id is remembered. */
  private unload(session: Session): void {
    if (this.stored === null || this.options.placement !== undefined) return;
    if (this.stored.pausedCode(session.id) !== null || this.sessions.get(session.id) !== session) return;
    if (this.hibernation.checkpoints.holdsOnlyCopy(session.id)) return;
    this.forget(session.id);
    this.dropped.set(session.id, { streamId: session.streamId, speed: session.speed });
    // The seq after its last presence frame, so a viewer that saw it resumes with nothing missed.
    session.recordState();
    void session.close();
    session.log.debug('session dropped from memory; it stays in the store');
  }

  /**
   * One page of the lobby ([R39]): stored sessions newest first, with the live state of those in memory. `elsewhere`:
   * cluster mode, see {@link ListSources.elsewhere}.
   */
  page(query: SessionQuery, elsewhere?: ViewerCounts): Promise<Result<SessionPage>> {
    return listSessions({ store: this.stored?.store ?? null, sessions: this.sessions, lineage: this.lineage, ...(elsewhere === undefined ? {} : { elsewhere }) }, query);
  }

  /** Sessions in memory and workers in use, for `/healthz`. */
  stats(): { sessions: number; workers: number; maxWorkers: number; spareWorkers: number } {
    const { sessions, hibernation, spares } = this;
    return { sessions: sessions.size, workers: hibernation.workersInUse(), maxWorkers: hibernation.settings.maxWorkers, spareWorkers: spares.count };
  }

  /** Runs `use` with the session's worker awake; `busy` when none can be had. */
  withWorker<T>(session: Session, use: () => Promise<T>): Promise<Result<T>> {
    return this.hibernation.use(session, use);
  }

  /** Starts a session from a validated config; answers it and the edit token (shown once, never stored). */
  async create(config: ExperimentConfig, name: string, speed: number | null = null): Promise<Result<{ session: Session; editToken: string }>> {
    const editToken = generateToken();
    const editTokenHash = hashToken(editToken);
    const created = await this.start({ id: generateId(), name, editTokenHash, init: { config, speed } });
    if (!created.ok) return created;
    const session = created.value;
    this.options.recorder?.created({ id: session.id, name, config: session.config, editTokenHash, createdAt: session.createdAt });
    // Its CSV text would live only in memory until a checkpoint: one is stored now, so a crash does not lose it ([R37]).
    if (config.dataset.csv !== undefined) void (session.awake ? session.saveCheckpoint() : this.hibernation.checkpoints.store(session.id, session.seq));
    session.log.info({ name, hibernated: !session.awake }, 'session created');
    return { ok: true, value: { session, editToken } };
  }

  /** Renames a session, stores the name and tells its viewers with a `name` event ([R21]). */
  rename(session: Session, name: string): void {
    const from = session.name;
    session.rename(name);
    this.stored?.renamed(session.id, name);
    session.publishEvent('editor', 'name', from, name);
  }

  /**
   * Stops a session, tells and disconnects its participants, and removes it from the store ([R21]).
   * Resolves false when no session in memory has that id.
   */
  async delete(id: string): Promise<boolean> {
    const session = this.sessions.get(id);
    if (session === undefined) return false;
    this.forget(id);
    for (const p of [...session.participants.values()]) dropDeleted(p, id);
    await session.close();
    // Stored data first: in cluster mode, once the lease is released another node could otherwise restore it.
    await this.stored?.deleted(id);
    this.options.placement?.stopped(id, 'deleted');
    session.log.info('session deleted');
    return true;
  }

  /**
   * Stops a session on this node without touching its stored data: another node trains it now (cluster mode). Its
   * participants are closed with `goingAway`, so they reconnect and follow it there.
   */
  async evict(id: string, reason: string): Promise<void> {
    const session = this.sessions.get(id);
    if (session === undefined) return;
    this.forget(id);
    for (const p of [...session.participants.values()]) p.drop(CLOSE_CODES.goingAway, reason);
    await session.close();
    session.log.warn({ reason }, 'session stopped on this node');
  }

  /**
   * Cluster mode: takes a hibernated session nobody is using out of memory so that another node can restore it, once
   * every write of it is stored; answers its participants, for the caller to hand on. Null when it is awake or in
   * use, or when memory holds part of it the store lacks (paused persistence, a CSV config not yet checkpointed).
   */
  async handOver(session: Session): Promise<Participant[] | null> {
    const stored = this.stored;
    if (stored === null || stored.pausedCode(session.id) !== null || this.hibernation.checkpoints.holdsOnlyCopy(session.id)) return null;
    return this.hibernation.whileAsleep(session, async () => {
      if (this.sessions.get(session.id) !== session) return null;
      this.forget(session.id);
      const participants = [...session.participants.values()];
      await session.close();
      await stored.settled(session.id);
      session.log.info({ participants: participants.length }, 'session handed over: it leaves this node, everything stored');
      return participants;
    });
  }

  /** Checkpoints (when recording) and stops every session. */
  async closeAll(): Promise<void> {
    this.closed = true;
    if (this.checkpointTimer !== null) clearInterval(this.checkpointTimer);
    this.hibernation.stop();
    await this.spares.close();
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.close()));
  }
}

function shuttingDown(id: string): Result<never> {
  return { ok: false, code: 'closed', message: `session ${id} not started: the server is shutting down` };
}
