import type { Result, TrainerCheckpoint } from '@liveprop/core';
import type { Session, TakenCheckpoint } from './session.js';
import type { StoreRecorder } from './storeRecorder.js';

/**
 * Where a hibernated session's checkpoint is kept ([R39]): in the store, with its last snapshot, or in this
 * process's memory when there is no store. A checkpoint held in memory (or `null`: start from the config, after
 * damage) wins over the stored one.
 */
export class HeldCheckpoints {
  private readonly held = new Map<string, TrainerCheckpoint | null>();
  /**
   * Sessions whose held checkpoint the store does not have yet ([R37]): a session created hibernated with a CSV
   * config starts from one built at creation, the only copy of its CSV text until {@link store} lands it.
   */
  private readonly unstored = new Set<string>();

  constructor(private readonly recorder: StoreRecorder | null) {}

  /**
   * Wakes session `id` from `checkpoint` (null: the initial weights of its config) rather than from the store;
   * `unstored` when the store does not have it (see {@link store}).
   */
  hold(id: string, checkpoint: TrainerCheckpoint | null, unstored = false): void {
    this.held.set(id, checkpoint);
    if (unstored) this.unstored.add(id);
  }

  /**
   * Stores the checkpoint held for session `id` when only memory has it, at stream position `seq`; once stored,
   * memory lets it go and the session may leave memory. Call it after the session's row was recorded.
   */
  async store(id: string, seq: number): Promise<void> {
    const checkpoint = this.held.get(id);
    if (this.recorder === null || !this.unstored.has(id) || checkpoint === undefined || checkpoint === null) return;
    const stored = await this.recorder.checkpointStored(id, { epoch: checkpoint.epoch, seq, data: checkpoint });
    if (!stored || this.held.get(id) !== checkpoint) return;
    this.held.delete(id);
    this.unstored.delete(id);
  }

  /** Whether memory holds part of the session that the store does not (it must then stay in memory). */
  holdsOnlyCopy(id: string): boolean {
    return this.unstored.has(id);
  }

  forget(id: string): void {
    this.held.delete(id);
    this.unstored.delete(id);
  }

  /** Whether a checkpoint of the session can be kept now: not while its persistence is paused (a full disk). */
  canKeep(session: Session): boolean {
    return this.recorder === null || this.recorder.pausedCode(session.id) === null;
  }

  /** Keeps a checkpoint to wake from, with the session's state and last snapshot; false when the store refused it. */
  keep(session: Session, taken: TakenCheckpoint): boolean {
    if (this.recorder === null) {
      this.held.set(session.id, taken.data);
      return true;
    }
    this.recorder.checkpoint(session.id, taken);
    const snapshot = session.snapshotToStore;
    // Memory lets the snapshot go once the store has it: joins of the sleeping session read it there.
    if (snapshot !== null) void this.recorder.snapshotStored(session.id, snapshot).then((stored) => stored && session.snapshotStored(snapshot.data));
    session.recordState();
    if (this.recorder.pausedCode(session.id) !== null) return false;
    this.forget(session.id);
    return true;
  }

  /** The checkpoint to wake the session from, or null for its config's initial weights. */
  async load(session: Session): Promise<Result<TrainerCheckpoint | null>> {
    if (this.held.has(session.id)) return { ok: true, value: this.held.get(session.id) ?? null };
    if (this.recorder === null) return { ok: true, value: null };
    const stored = await this.recorder.store.loadLatestCheckpoint(session.id);
    if (!stored.ok) return { ok: false, code: stored.code, message: stored.message };
    return { ok: true, value: (stored.value?.data as TrainerCheckpoint | undefined) ?? null };
  }
}
