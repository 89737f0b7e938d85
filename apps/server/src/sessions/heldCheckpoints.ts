import type { ExperimentConfig, Result, TrainerCheckpoint } from '@liveprop/core';
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
   * Configs to wake from that carry what a session's reported config leaves out ([R37]): a session created
   * hibernated with a CSV config has no checkpoint yet, so only this holds its CSV text until its worker does.
   */
  private readonly configs = new Map<string, ExperimentConfig>();

  constructor(private readonly recorder: StoreRecorder | null) {}

  /**
   * Wakes session `id` from `checkpoint` (null: the initial weights of its config) rather than from the store;
   * `config`, when given, is the full config to wake in (its CSV text included).
   */
  hold(id: string, checkpoint: TrainerCheckpoint | null, config?: ExperimentConfig): void {
    this.held.set(id, checkpoint);
    if (config?.dataset.csv !== undefined) this.configs.set(id, config);
  }

  /** The config to wake the session in: the held full one, else the session's own. */
  configOf(session: Session): ExperimentConfig {
    return this.configs.get(session.id) ?? session.config;
  }

  /** Whether memory holds part of the session that the store does not (it must then stay in memory). */
  holdsOnlyCopy(id: string): boolean {
    return this.configs.has(id);
  }

  forget(id: string): void {
    this.held.delete(id);
    this.configs.delete(id);
  }

  /** Whether a checkpoint of the session can be kept now: not while its persistence is paused (a full disk). */
  canKeep(session: Session): boolean {
    return this.recorder === null || this.recorder.pausedCode(session.id) === null;
  }

  /** Keeps a checkpoint to wake from, with the session's state and last snapshot; false when the store refused it. */
  keep(session: Session, taken: TakenCheckpoint): boolean {
    // The checkpoint carries the whole config from now on.
    this.configs.delete(session.id);
    if (this.recorder === null) {
      this.held.set(session.id, taken.data);
      return true;
    }
    this.recorder.checkpoint(session.id, taken);
    const snapshot = session.lastSnapshot;
    if (snapshot !== null) this.recorder.snapshot(session.id, { epoch: taken.epoch, data: snapshot });
    session.recordState();
    if (this.recorder.pausedCode(session.id) !== null) return false;
    this.held.delete(session.id);
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
