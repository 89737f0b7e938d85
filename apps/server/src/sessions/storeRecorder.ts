import type { EpochMetrics } from '@liveprop/core';
import type { SessionEvent } from '@liveprop/protocol';
import type { Logger } from 'pino';
import type { NewFork, Store, StoredSession, StoreErrorCode, StoreResult } from '../storage/types.js';
import { KeyedQueue } from './keyedQueue.js';
import type { SessionRecorder } from './recorder.js';

/** Failures that say the store cannot take this session's writes any more, as opposed to one bad value. */
const PAUSING_CODES: ReadonlySet<StoreErrorCode> = new Set(['disk_full', 'read_only', 'io_error', 'corrupt', 'unavailable', 'fenced']);

/** What the recorder needs of a live session to catch the store up with it after a pause. */
export interface LiveSessionView {
  id: string;
  name: string;
  /** Every epoch held in memory after `epoch`, in order. */
  epochsAfter(epoch: number): readonly EpochMetrics[];
  events: readonly SessionEvent[];
  state: Parameters<SessionRecorder['state']>[1];
}

/** Told once per session when its persistence pauses; `message` is meant for the session's viewers. */
export type PersistencePausedListener = (sessionId: string, code: StoreErrorCode, message: string) => void;

/** A paused session as it was when a resume was asked for: what the store must catch up with. */
interface CatchUpTarget {
  id: string;
  name: string;
  epochs: readonly EpochMetrics[];
  events: readonly SessionEvent[];
  state: LiveSessionView['state'];
}

/**
 * Records sessions into the store. Store calls answer promises and never reject; each session's writes run one after
 * another in the order the session made them. A failure that means the store cannot take more (full disk, read-only,
 * I/O error, lost connection, damage) pauses persistence of that session: later writes are skipped rather than
 * stored with holes, the live session carries on in memory, and the listener is told once. Other failures are logged
 * once per session and kind. {@link StoreRecorder.resume} catches the store up later.
 */
export class StoreRecorder implements SessionRecorder {
  private readonly warned = new Set<string>();
  private readonly paused = new Map<string, StoreErrorCode>();
  /** Lowest epoch a paused session cut its history back to (reset, rollback): stored epochs past it are stale. */
  private readonly cutWhilePaused = new Map<string, number>();
  /** Sessions created while their persistence was paused, so their row is still missing. */
  private readonly createWhilePaused = new Map<string, Parameters<SessionRecorder['created']>[0]>();
  private listener: PersistencePausedListener | null = null;
  private readonly queue = new KeyedQueue();
  private readonly resuming = new Set<string>();

  constructor(
    readonly store: Store,
    private readonly log: Logger,
  ) {}

  /** Sets who hears about paused persistence (the registry, which tells the session's viewers). */
  onPersistencePaused(listener: PersistencePausedListener): void {
    this.listener = listener;
  }

  /** Why persistence of `sessionId` is paused, or null while it is saved. */
  pausedCode(sessionId: string): StoreErrorCode | null {
    return this.paused.get(sessionId) ?? null;
  }

  private check(sessionId: string, what: string, result: StoreResult<unknown>): void {
    if (result.ok) return;
    if (PAUSING_CODES.has(result.code) && !this.paused.has(sessionId)) {
      // Set before telling anyone: the listener publishes an event, whose own write must be skipped, not re-reported.
      this.paused.set(sessionId, result.code);
      this.log.error({ sessionId, code: result.code, err: result.message }, `could not persist ${what}; persistence of this session paused`);
      this.listener?.(sessionId, result.code, pausedMessage(result.code));
      return;
    }
    if (this.warned.has(`${sessionId}:${what}`)) return;
    this.warned.add(`${sessionId}:${what}`);
    this.log.error({ sessionId, code: result.code, err: result.message }, `could not persist ${what}`);
  }

  /**
   * Tries to catch the store up with a session whose persistence is paused: cuts stored epochs the session has
   * replaced since, appends the epochs and events it missed, and clears the session's storage flag. Answers true
   * once persistence runs again; on a failure it stays paused and the next call starts over from what is stored.
   * `live` is read now: writes the session makes from here on queue behind the catch-up and are stored by it.
   */
  resume(live: LiveSessionView): Promise<boolean> {
    if (!this.paused.has(live.id)) return Promise.resolve(true);
    if (this.resuming.has(live.id)) return Promise.resolve(false);
    this.resuming.add(live.id);
    const target: CatchUpTarget = { id: live.id, name: live.name, epochs: live.epochsAfter(-1), events: [...live.events], state: live.state };
    return this.queue
      .call(live.id, async () => {
        if (!this.paused.has(live.id)) return true;
        const caughtUp = await this.catchUp(target);
        if (!caughtUp.ok) return false;
        this.paused.delete(live.id);
        this.cutWhilePaused.delete(live.id);
        this.createWhilePaused.delete(live.id);
        this.log.info({ sessionId: live.id }, 'persistence of this session resumed');
        return true;
      })
      .finally(() => this.resuming.delete(live.id));
  }

  /** Stores a live session's fork whole or not at all, queued like the new session's other writes. */
  forked(fork: NewFork): Promise<StoreResult<StoredSession>> {
    return this.queue.call(fork.id, () => this.store.createFork(fork));
  }

  /** Resolves once every write asked for so far has been tried (before closing the store). */
  flush(): Promise<void> {
    return this.queue.idle();
  }

  /** Resolves once every write of `sessionId` asked for so far has been tried (before another node takes it). */
  settled(sessionId: string): Promise<void> {
    return this.queued(sessionId, async () => {});
  }

  private async catchUp(live: CatchUpTarget): Promise<StoreResult<unknown>> {
    const created = this.createWhilePaused.get(live.id);
    if (created !== undefined) {
      const made = await this.store.createSession({ id: created.id, name: created.name, config: created.config, editTokenHash: created.editTokenHash, createdAt: created.createdAt });
      if (!made.ok && made.code !== 'exists') return made;
    }
    // The cheapest write first: while the disk is still full it fails here, before reading the whole history.
    const cleared = await this.store.clearStorageError(live.id);
    if (!cleared.ok) return cleared;
    const last = await this.store.lastMetricsEpoch(live.id);
    if (!last.ok) return last;
    const stored = last.value ?? 0;
    const cut = Math.min(stored, this.cutWhilePaused.get(live.id) ?? stored);
    if (cut < stored) {
      const cutDone = await this.store.truncateMetricsAfter(live.id, cut);
      if (!cutDone.ok) return cutDone;
    }
    const missed = live.epochs.filter((m) => m.epoch > cut);
    if (missed.length > 0) {
      const appended = await this.store.appendMetrics(live.id, missed);
      if (!appended.ok) return appended;
    }
    const events = await this.store.listEvents(live.id);
    if (!events.ok) return events;
    let lastSeq = -1;
    for (const e of events.value) if (typeof e['seq'] === 'number' && e['seq'] > lastSeq) lastSeq = e['seq'];
    const newer = live.events.filter((e) => e.seq > lastSeq);
    if (newer.length > 0) {
      const appended = await this.store.appendEvents(live.id, newer);
      if (!appended.ok) return appended;
    }
    const named = await this.store.renameSession(live.id, live.name);
    if (!named.ok) return named;
    return this.store.updateSessionState(live.id, live.state);
  }

  /** Queues a write; skipped when, its turn come, the session's persistence is paused. */
  private write(sessionId: string, what: string, run: () => Promise<StoreResult<unknown>>, after?: () => void): void {
    this.queued(sessionId, async () => {
      if (!this.paused.has(sessionId)) this.check(sessionId, what, await run());
      after?.();
    });
  }

  private queued(sessionId: string, task: () => Promise<void>): Promise<void> {
    return this.queue.call(sessionId, task).catch((err: unknown) => this.log.error({ sessionId, err }, 'store write threw'));
  }

  created(s: Parameters<SessionRecorder['created']>[0]): void {
    const row = { id: s.id, name: s.name, config: s.config, editTokenHash: s.editTokenHash, createdAt: s.createdAt };
    this.write(s.id, 'session', () => this.store.createSession(row), () => {
      if (this.paused.has(s.id)) this.createWhilePaused.set(s.id, s);
    });
  }

  metrics(sessionId: string, epochs: Parameters<SessionRecorder['metrics']>[1]): void {
    this.write(sessionId, 'metrics', () => this.store.appendMetrics(sessionId, epochs));
  }

  truncate(sessionId: string, lastEpoch: number): void {
    this.queued(sessionId, async () => {
      if (this.paused.has(sessionId)) this.cutWhilePaused.set(sessionId, Math.min(lastEpoch, this.cutWhilePaused.get(sessionId) ?? lastEpoch));
      else this.check(sessionId, 'truncation', await this.store.truncateMetricsAfter(sessionId, lastEpoch));
    });
  }

  event(sessionId: string, event: Parameters<SessionRecorder['event']>[1]): void {
    this.write(sessionId, 'event', () => this.store.appendEvents(sessionId, [event]));
  }

  state(sessionId: string, state: Parameters<SessionRecorder['state']>[1]): void {
    this.write(sessionId, 'state', () => this.store.updateSessionState(sessionId, state));
  }

  checkpoint(sessionId: string, checkpoint: Parameters<SessionRecorder['checkpoint']>[1]): void {
    void this.checkpointStored(sessionId, checkpoint);
  }

  /** {@link checkpoint}, answering once its turn came whether the store has it. */
  checkpointStored(sessionId: string, checkpoint: Parameters<SessionRecorder['checkpoint']>[1]): Promise<boolean> {
    return this.stored(sessionId, 'checkpoint', () => this.store.saveCheckpoint(sessionId, checkpoint));
  }

  snapshot(sessionId: string, snapshot: { epoch: number; data: Uint8Array }): void {
    void this.snapshotStored(sessionId, snapshot);
  }

  /** {@link snapshot}, answering once its turn came whether the store has it. */
  snapshotStored(sessionId: string, snapshot: { epoch: number; data: Uint8Array }): Promise<boolean> {
    return this.stored(sessionId, 'snapshot', () => this.store.saveSnapshot(sessionId, snapshot));
  }

  /** A queued write that answers whether it was stored (false when skipped, paused or refused). */
  private async stored(sessionId: string, what: string, run: () => Promise<StoreResult<unknown>>): Promise<boolean> {
    let stored = false;
    await this.queued(sessionId, async () => {
      if (this.paused.has(sessionId)) return;
      const result = await run();
      this.check(sessionId, what, result);
      stored = result.ok;
    });
    return stored;
  }

  renamed(sessionId: string, name: string): void {
    this.write(sessionId, 'name', () => this.store.renameSession(sessionId, name));
  }

  /** Removes the session and everything stored for it; tried even while paused, since it frees space. */
  /** Resolves once the deletion was tried, after the session's earlier writes. */
  deleted(sessionId: string): Promise<void> {
    return this.queued(sessionId, async () => {
      this.paused.delete(sessionId);
      this.check(sessionId, 'deletion', await this.store.deleteSession(sessionId));
      this.paused.delete(sessionId);
      this.cutWhilePaused.delete(sessionId);
      this.createWhilePaused.delete(sessionId);
    });
  }
}

const CAUSES: Partial<Record<StoreErrorCode, string>> = {
  disk_full: 'the disk is full',
  read_only: 'the data dir became read-only',
  io_error: 'the disk reported an I/O error',
  corrupt: 'the database file is damaged',
  unavailable: 'the database server cannot be reached',
  fenced: 'another server has taken over this session',
};

/** What a viewer reads in the activity feed. */
function pausedMessage(code: StoreErrorCode): string {
  return `not saving: ${CAUSES[code] ?? code}. Training goes on in memory; saving resumes, with everything missed, once the store takes writes again. Until then a server stop loses what happened since.`;
}
