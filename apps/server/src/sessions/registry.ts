import type { ExperimentConfig, Result } from '@liveprop/core';
import { CLOSE_CODES, type SessionSummary } from '@liveprop/protocol';
import type { Logger } from 'pino';
import type { SessionRecorder } from './recorder.js';
import { Session, type SessionOptions } from './session.js';
import { StoreRecorder, type LiveSessionView } from './storeRecorder.js';
import { generateId, generateToken, hashToken } from './tokens.js';
import type { WorkerInit } from './workerProtocol.js';

/** A running session's weights are saved this often, so a crash loses at most this much training (never metrics). */
const CHECKPOINT_EVERY_MS = 3_000;

export interface RegistryOptions {
  logger: Logger;
  /** Most sessions (each one is a worker thread) alive at once. */
  maxSessions?: number;
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
  stopped(id: string): void;
}

/** Row of `GET /api/sessions`. */

/** Where a forked session came from ([R22]). */
export interface Lineage {
  parentId: string;
  forkEpoch: number;
}

/** Event `what` when a session's writes stop (full disk, read-only, damage): `from` is the store's code, `to` the text. */
export const PERSISTENCE_PAUSED_EVENT = 'storagePaused';

/** Event `what` when a paused session's store has caught up and saving runs again; `from` is the code it paused on. */
export const PERSISTENCE_RESUMED_EVENT = 'storageResumed';

/** The live sessions of this server process. */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  private readonly lineage = new Map<string, Lineage>();
  private readonly maxSessions: number;
  private readonly workerDefaults: Omit<WorkerInit, 'config'>;
  private creating = 0;
  private readonly checkpointTimer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: RegistryOptions) {
    this.maxSessions = options.maxSessions ?? 16;
    this.workerDefaults = { grid: 32, thumbnailGrid: 16, sliceMs: 8, tickMs: 33, ...options.worker };
    const recorder = options.recorder;
    if (recorder) {
      this.checkpointTimer = setInterval(() => this.onCheckpointTimer(recorder), options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS);
      this.checkpointTimer.unref();
    }
    if (recorder instanceof StoreRecorder) {
      recorder.onPersistencePaused((id, code, message) => this.sessions.get(id)?.publishEvent('system', PERSISTENCE_PAUSED_EVENT, code, message));
    }
  }

  /** Checkpoints running sessions; a session whose persistence is paused instead tries to catch the store up. */
  private onCheckpointTimer(recorder: SessionRecorder): void {
    for (const s of this.sessions.values()) {
      const pausedBy = recorder instanceof StoreRecorder ? recorder.pausedCode(s.id) : null;
      if (pausedBy === null) {
        if (s.status === 'running') void s.saveCheckpoint();
        continue;
      }
      void (recorder as StoreRecorder).resume(liveView(s)).then((resumed) => {
        if (!resumed || this.sessions.get(s.id) !== s) return;
        s.publishEvent('system', PERSISTENCE_RESUMED_EVENT, pausedBy, 'saving again, with everything missed');
        void s.saveCheckpoint();
      });
    }
  }

  /** What sessions report for persistence, if anything. */
  get recorder(): SessionRecorder | undefined {
    return this.options.recorder;
  }

  /** Remembers that session `id` was forked from another, for the lobby list. */
  setLineage(id: string, lineage: Lineage): void {
    this.lineage.set(id, lineage);
  }

  /** Whether another session fits under the limit. */
  hasRoom(): boolean {
    return this.sessions.size + this.creating < this.maxSessions;
  }

  /** Starts a session's worker and registers it once ready. */
  async start(options: Omit<SessionOptions, 'logger' | 'ringFrames' | 'ringChars' | 'recorder' | 'init'> & { init: Pick<SessionOptions['init'], 'config' | 'checkpoint'> }): Promise<Result<Session>> {
    this.creating++;
    try {
      const created = await Session.create({
        ...options,
        logger: this.options.logger,
        init: { ...this.workerDefaults, ...options.init },
        ...(this.options.recorder === undefined ? {} : { recorder: this.options.recorder }),
        ...(this.options.ring === undefined ? {} : { ringFrames: this.options.ring.frames, ringChars: this.options.ring.chars }),
      });
      if (created.ok) {
        this.sessions.set(created.value.id, created.value);
        this.options.placement?.started(created.value);
      }
      return created;
    } finally {
      this.creating--;
    }
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  list(): SessionSummary[] {
    return [...this.sessions.values()].map((s) => ({
      id: s.id, name: s.name, epoch: s.epoch, status: s.status, viewers: s.participants.size, createdAt: s.createdAt,
      parentId: this.lineage.get(s.id)?.parentId ?? null, forkEpoch: this.lineage.get(s.id)?.forkEpoch ?? null,
    }));
  }

  /** Starts a session from a validated config; answers it and the edit token (shown once, never stored). */
  async create(config: ExperimentConfig, name: string): Promise<Result<{ session: Session; editToken: string }>> {
    if (!this.hasRoom()) {
      return { ok: false, code: 'busy', message: `the server already runs ${this.maxSessions} sessions, its limit` };
    }
    const editToken = generateToken();
    const editTokenHash = hashToken(editToken);
    const created = await this.start({ id: generateId(), name, editTokenHash, init: { config } });
    if (!created.ok) return created;
    const session = created.value;
    this.options.recorder?.created({ id: session.id, name, config: session.config, editTokenHash, createdAt: session.createdAt });
    session.log.info({ name }, 'session created');
    return { ok: true, value: { session, editToken } };
  }

  /** Renames a live session, stores the name and tells its viewers with a `name` event ([R21]). */
  rename(session: Session, name: string): void {
    const from = session.name;
    session.rename(name);
    if (this.options.recorder instanceof StoreRecorder) this.options.recorder.renamed(session.id, name);
    session.publishEvent('editor', 'name', from, name);
  }

  /**
   * Stops a live session, tells and disconnects its participants, and removes it from the store ([R21]).
   * Resolves false when no live session has that id.
   */
  async delete(id: string): Promise<boolean> {
    const session = this.sessions.get(id);
    if (session === undefined) return false;
    this.sessions.delete(id);
    this.lineage.delete(id);
    for (const p of [...session.participants.values()]) {
      p.sendError('unknown_session', `session "${id}" was deleted by an editor`);
      p.drop(CLOSE_CODES.sessionDeleted, 'session deleted');
    }
    await session.close();
    this.options.placement?.stopped(id);
    if (this.options.recorder instanceof StoreRecorder) this.options.recorder.deleted(id);
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
    this.sessions.delete(id);
    this.lineage.delete(id);
    for (const p of [...session.participants.values()]) p.drop(CLOSE_CODES.goingAway, reason);
    await session.close();
    session.log.warn({ reason }, 'session stopped on this node');
  }

  /** Checkpoints (when recording) and stops every session. */
  async closeAll(): Promise<void> {
    if (this.checkpointTimer !== null) clearInterval(this.checkpointTimer);
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.close()));
  }
}

/** What the recorder reads of a live session to catch up after a pause. */
function liveView(s: Session): LiveSessionView {
  return {
    id: s.id,
    name: s.name,
    epochsAfter: (epoch) => s.history.rowsUpTo(s.history.lastEpoch).filter((m) => m.epoch > epoch),
    events: s.events,
    state: { status: s.status, epoch: s.epoch, seq: s.seq, config: s.config },
  };
}
