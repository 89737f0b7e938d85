import { availableParallelism } from 'node:os';
import type { ExperimentConfig, Result, TrainerCheckpoint } from '@liveprop/core';
import type { HeldCheckpoints } from './heldCheckpoints.js';
import { RESTORE_DAMAGED_EVENT, announceRestore } from './restoreSessions.js';
import type { Session } from './session.js';
import type { WorkerInit } from './workerProtocol.js';

/** When sessions give their worker thread back, and how many may hold one ([R39]). */
export interface HibernationSettings {
  /** Most sessions holding a worker thread at once (`LIVEPROP_MAX_WORKERS`). */
  maxWorkers: number;
  /** A session that is not training and was not touched for this long hibernates (`LIVEPROP_HIBERNATE_AFTER`). */
  idleMs: number;
}

/** Workers per core by default: a paused-but-recent session's worker sleeps, so a few more than cores is fine. */
const WORKERS_PER_CORE = 4;
export const DEFAULT_MAX_WORKERS = Math.max(4, WORKERS_PER_CORE * availableParallelism());
export const DEFAULT_IDLE_MS = 120_000;
/** Worker threads started ahead for wakes: one covers a wake at a time; more only burn memory while idle. */
export const DEFAULT_SPARE_WORKERS = 1;
/** Longest a wake waits at the cap for a session that is busy with a command, not training, to become idle. */
const SLOT_WAIT_MS = 2_000;

/** What hibernation needs of the registry. */
export interface HibernationHost {
  /** The sessions held in memory, awake or not. */
  loaded(): Iterable<Session>;
  workerInit(config: ExperimentConfig, checkpoint: TrainerCheckpoint | null, speed: number | null): WorkerInit;
  /** A hibernated session nobody watches and nobody touched: the host may drop it from memory (it is stored). */
  idleAsleep(session: Session): void;
  /** Sessions gave workers back or the sweep ran: the spare threads may follow the room left under the cap. */
  workersChanged(): void;
}

/** The refusal when every worker trains: it names the cap and says what to do. */
export function busyMessage(maxWorkers: number): string {
  return `all ${maxWorkers} session workers are training (LIVEPROP_MAX_WORKERS=${maxWorkers}); pause a running session or restart the server with a higher LIVEPROP_MAX_WORKERS`;
}

/**
 * Gives sessions a worker thread only while they train or were touched recently ([R39]). An idle session
 * hibernates: its checkpoint is kept (in the store, or in memory without one) and its worker stops; its stream,
 * history and viewers stay. Using it again wakes it from that checkpoint — on the same stream, so viewers see only
 * what the command did. At most `maxWorkers` sessions are awake: a wake past the cap first hibernates the
 * longest-idle session that is not training, and is refused with {@link busyMessage} when all of them train.
 *
 * Per session, hibernating and waking run one at a time; a session in use (pinned) never hibernates.
 */
export class Hibernation {
  private readonly touchedAt = new Map<string, number>();
  private readonly pins = new Map<string, number>();
  private readonly transitions = new Map<string, Promise<unknown>>();
  private readonly waking = new Map<string, Promise<Result<null>>>();
  /** Slots promised to wakes whose worker is still starting. */
  private reserved = 0;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    readonly settings: HibernationSettings,
    private readonly host: HibernationHost,
    readonly checkpoints: HeldCheckpoints,
  ) {
    this.timer = setInterval(() => this.sweep(), Math.max(20, Math.min(settings.idleMs / 2, 5_000)));
    this.timer.unref();
  }

  /** Marks the session as used now: its idle time starts over. */
  touch(session: Session): void {
    this.touchedAt.set(session.id, performance.now());
  }

  /** Forgets a session dropped from memory or deleted. */
  forget(id: string): void {
    this.touchedAt.delete(id);
    this.checkpoints.forget(id);
  }

  /** Sessions holding a worker, and slots promised to starting ones. */
  workersInUse(): number {
    let awake = 0;
    for (const s of this.host.loaded()) if (s.awake) awake++;
    return awake + this.reserved;
  }

  /** Runs `use` with the session awake and kept awake; answers `busy` when no worker can be had. */
  async use<T>(session: Session, use: () => Promise<T>): Promise<Result<T>> {
    this.pins.set(session.id, (this.pins.get(session.id) ?? 0) + 1);
    try {
      const woke = await this.wake(session);
      if (!woke.ok) return woke;
      return { ok: true, value: await use() };
    } finally {
      const left = (this.pins.get(session.id) ?? 1) - 1;
      if (left === 0) this.pins.delete(session.id);
      else this.pins.set(session.id, left);
      this.touch(session);
    }
  }

  /**
   * Reserves a worker slot (answers its release). At the cap it hibernates the idlest session that is not training;
   * one busy with a command is waited for, up to {@link SLOT_WAIT_MS}. Answers `busy` when every worker trains.
   */
  async reserveSlot(): Promise<Result<() => void>> {
    const deadline = performance.now() + SLOT_WAIT_MS;
    while (performance.now() < deadline) {
      if (this.workersInUse() < this.settings.maxWorkers) {
        this.reserved++;
        let held = true;
        const release = (): void => {
          if (held) this.reserved--;
          held = false;
        };
        return { ok: true, value: release };
      }
      const idlest = this.idlest();
      if (idlest !== null) await this.hibernate(idlest);
      else if (this.anyWillIdle()) await new Promise((resolve) => setTimeout(resolve, 10));
      else break;
    }
    return { ok: false, code: 'busy', message: busyMessage(this.settings.maxWorkers) };
  }

  /** Whether an awake session that is not training is only busy for now (a command, a hibernation under way). */
  private anyWillIdle(): boolean {
    for (const s of this.host.loaded()) if (s.awake && s.status !== 'running' && this.checkpoints.canKeep(s)) return true;
    return false;
  }

  private wake(session: Session): Promise<Result<null>> {
    let waking = this.waking.get(session.id);
    if (waking === undefined) {
      waking = this.wakeOnce(session).finally(() => this.waking.delete(session.id));
      this.waking.set(session.id, waking);
    }
    return waking;
  }

  private async wakeOnce(session: Session): Promise<Result<null>> {
    await this.transitions.get(session.id);
    if (session.awake) return { ok: true, value: null };
    // Handed to another node while this wake waited its turn (cluster mode): it must not train here too.
    if (session.isClosed) return { ok: false, code: 'busy', message: `session ${session.id} moved to another server; send the command again` };
    const slot = await this.reserveSlot();
    if (!slot.ok) return slot;
    try {
      return await this.serialize(session.id, () => this.startWorker(session));
    } finally {
      slot.value();
    }
  }

  private async startWorker(session: Session): Promise<Result<null>> {
    if (session.awake) return { ok: true, value: null };
    const startedAt = performance.now();
    const held = await this.checkpoints.load(session);
    const init = (checkpoint: TrainerCheckpoint | null): WorkerInit => this.host.workerInit(session.config, checkpoint, session.speed);
    let from = held.ok ? held.value : null;
    let started = held.ok ? await session.startWorker(init(from)) : held;
    if (!started.ok && (!held.ok || held.value !== null)) {
      from = null;
      const what = held.ok ? `its latest checkpoint (epoch ${held.value!.epoch}) does not restart` : 'its latest checkpoint does not load';
      session.publishEvent('system', RESTORE_DAMAGED_EVENT, null, `stored data is damaged: ${what} (${started.message}); training restarts from the initial weights of its config`);
      this.checkpoints.hold(session.id, null);
      started = await session.startWorker(init(null));
      if (started.ok) session.publishStatus('system');
    }
    if (!started.ok) return started;
    // A checkpoint behind the session's config (a crash after a change to a session loaded hibernated) was brought
    // into it: viewers are told as after start-up recovery ([R20]).
    session.log.info({ epoch: session.epoch, wakeMs: Math.round(performance.now() - startedAt), threadId: session.workerHandle.threadId }, 'session woke');
    if (from !== null) await announceRestore(session, session.history.lastEpoch, from);
    return { ok: true, value: null };
  }

  /**
   * Runs `run` while the session is asleep and nobody uses it, in turn with its hibernating and waking: a wake asked
   * for meanwhile waits for it (cluster mode hands such a session to another node). Null when it was not free.
   */
  whileAsleep<T>(session: Session, run: () => Promise<T | null>): Promise<T | null> {
    return this.serialize(session.id, async () => (session.awake || this.pins.has(session.id) ? null : run()));
  }

  /** Hibernates an awake session that is not training nor in use; answers whether it did. */
  hibernate(session: Session): Promise<boolean> {
    return this.serialize(session.id, async () => {
      if (!this.canHibernate(session)) return false;
      const taken = await session.takeCheckpoint();
      // A command may have pinned it while the worker answered: it stays awake.
      if (!taken.ok || !this.canHibernate(session) || !this.checkpoints.keep(session, taken.value)) {
        this.touch(session);
        return false;
      }
      await session.releaseWorker();
      this.host.workersChanged();
      session.log.info({ epoch: session.epoch }, 'session hibernated: checkpoint kept, worker stopped');
      return true;
    });
  }

  private canHibernate(session: Session): boolean {
    return session.awake && session.status !== 'running' && !this.pins.has(session.id) && this.checkpoints.canKeep(session);
  }

  /** The awake session idle the longest that could hibernate, or null. */
  private idlest(): Session | null {
    let best: Session | null = null;
    let bestAt = Infinity;
    for (const s of this.host.loaded()) {
      if (!this.canHibernate(s) || this.transitions.has(s.id)) continue;
      const at = this.touchedAt.get(s.id) ?? 0;
      if (at < bestAt) [best, bestAt] = [s, at];
    }
    return best;
  }

  private sweep(): void {
    const now = performance.now();
    for (const s of [...this.host.loaded()]) {
      const at = this.touchedAt.get(s.id);
      if (at === undefined) {
        this.touch(s);
        continue;
      }
      if (now - at < this.settings.idleMs || this.pins.has(s.id) || this.transitions.has(s.id)) continue;
      if (s.awake) void this.hibernate(s);
      else if (s.participants.size === 0) this.host.idleAsleep(s);
    }
    this.host.workersChanged();
  }

  private serialize<T>(id: string, run: () => Promise<T>): Promise<T> {
    const next = (this.transitions.get(id) ?? Promise.resolve()).then(run, run);
    const settled = next.catch(() => undefined);
    this.transitions.set(id, settled);
    void settled.then(() => {
      if (this.transitions.get(id) === settled) this.transitions.delete(id);
    });
    return next;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
