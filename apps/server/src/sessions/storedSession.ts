/**
 * A stored session read as it comes into memory hibernated ([R39]): on a join, or a REST call, with no worker started.
 */
import type { EpochMetrics, ExperimentConfig, TrainerCheckpoint } from '@liveprop/core';
import type { DatasetPoints, SessionEvent, SessionStatus } from '@liveprop/protocol';
import type { Logger } from 'pino';
import type { StoredSession, Store } from '../storage/types.js';
import { HISTORY_MAX_EPOCHS } from './metricHistory.js';
import { datasetPoints } from './points.js';
import { withCsvTextOf } from './publicConfig.js';
import { RESTORE_DAMAGED_EVENT } from './restoreSessions.js';
import { Session, type SessionOptions } from './session.js';

/** A stored session as it comes back: paused at its latest checkpoint (or its config's start), every epoch kept. */
export interface StoredState {
  row: StoredSession;
  config: ExperimentConfig;
  /** The checkpoint to wake from, or null for the config's initial weights (none, or a damaged one). */
  checkpoint: TrainerCheckpoint | null;
  /** Whether a stored checkpoint was found unusable: waking must not read it again. */
  checkpointDamaged: boolean;
  status: SessionStatus;
  epoch: number;
  seq: number;
  events: SessionEvent[];
  /** The epochs memory holds (empty when read without history). */
  history: EpochMetrics[];
}

/**
 * Reads session `id` from the store as it comes back after a restart or from hibernation ([R17], [R20], [R39]):
 * paused at its latest checkpoint, with every stored epoch — viewers were shown them, so they stay in the history
 * (and its CSV). When the history runs past the checkpoint (a crash while training), a `restored` event at the
 * checkpoint epoch says so; training resumed from the checkpoint overwrites those epochs.
 *
 * Damage stays with the session it hits: a checkpoint that does not load or is not a checkpoint brings the session
 * back with the initial weights of its config, an event log or history that does not load brings it back without
 * them, and either way a `restoreDamaged` event tells its viewers. The events added and the state are stored, under
 * this server's claim on the session: `token` (a cluster lease's), else one above the stored one.
 * Answers null (and logs) when the session's own row or config does not load, or there is no such session.
 */
export async function readStoredSession(store: Store, id: string, log: Logger, withHistory: boolean, token?: number): Promise<StoredState | null> {
  // This server owns the session's writes from here on; a server that had it before is fenced off.
  const claimed = await store.claimSession(id, token);
  if (!claimed.ok) {
    if (claimed.code !== 'not_found') log.error({ sessionId: id, code: claimed.code, err: claimed.message }, 'stored session cannot be claimed; left in the store');
    return null;
  }
  const stored = await store.getSession(id);
  if (!stored.ok) {
    if (stored.code !== 'not_found') log.error({ sessionId: id, code: stored.code, err: stored.message }, 'stored session does not load; left in the store');
    return null;
  }
  const damage: string[] = [];
  const loaded = await store.loadLatestCheckpoint(id);
  if (!loaded.ok) damage.push(`its latest checkpoint does not load (${loaded.message})`);
  const cpRow = loaded.ok ? loaded.value : null;
  const checkpoint = cpRow !== null && isCheckpoint(cpRow.data) ? cpRow.data : null;
  if (cpRow !== null && checkpoint === null) damage.push(`its latest checkpoint (epoch ${cpRow.epoch}) does not restart (it is not a liveprop.checkpoint/1 value)`);
  const events = await store.listEvents(id);
  if (!events.ok) damage.push(`its event log does not load (${events.message})`);
  const last = await store.lastMetricsEpoch(id);
  const lastEpoch = last.ok ? (last.value ?? 0) : 0;
  let history: EpochMetrics[] = [];
  if (withHistory) {
    // Only what memory holds: a longer history stays in the store, which CSV and metrics.json read from.
    const metrics = await store.readMetrics(id, Math.max(0, lastEpoch - HISTORY_MAX_EPOCHS + 1), Number.MAX_SAFE_INTEGER);
    if (metrics.ok) history = metrics.value;
    else damage.push(`its metric history does not load (${metrics.message})`);
  }
  const known = (events.ok ? events.value : []) as unknown as SessionEvent[];
  const epoch = checkpoint?.epoch ?? 0;
  let seq = Math.max(stored.value.seq, cpRow?.seq ?? 0, known.at(-1)?.seq ?? 0);
  const added: SessionEvent[] = [];
  const tell = (what: string, from: unknown, to: unknown): void => {
    const event: SessionEvent = { seq: seq + 1, epoch, by: 'system', what, from, to, at: Date.now() };
    if (alreadyTold(known, event)) return;
    seq++;
    added.push(event);
  };
  if (damage.length > 0) {
    const weights = checkpoint === null ? 'training restarts from the initial weights of its config' : `weights are those of epoch ${epoch}`;
    tell(RESTORE_DAMAGED_EVENT, null, `stored data is damaged: ${damage.join('; ')}; ${weights}`);
  }
  if (lastEpoch > epoch) tell('restored', lastEpoch, { epoch, weights: checkpoint === null ? 'initial' : 'checkpoint', reapplied: [], notRestored: [] });
  const status: SessionStatus = checkpoint?.diverged ? 'diverged' : 'paused';
  if (added.length > 0) {
    const saved = await store.appendEvents(id, added);
    if (!saved.ok) log.error({ sessionId: id, code: saved.code, err: saved.message }, 'could not persist the restore events');
  }
  if (added.length > 0 || stored.value.status !== status || stored.value.epoch !== epoch) {
    const updated = await store.updateSessionState(id, { status, epoch, seq });
    if (!updated.ok) log.error({ sessionId: id, code: updated.code, err: updated.message }, 'could not persist the restored state');
  }
  if (damage.length > 0) log.error({ sessionId: id, damage }, 'stored session restored without its damaged data');
  // The config viewers last saw: a wake brings the checkpoint into it (the worker re-applies later changes).
  const config = stored.value.config as ExperimentConfig;
  return { row: stored.value, config, checkpoint, checkpointDamaged: cpRow !== null && checkpoint === null, status, epoch, seq, events: [...known, ...added], history };
}

/** What a session read from the store is made with besides its stored state: the registry's parts and its worker init. */
export type StoredSessionDeps = Omit<SessionOptions, 'id' | 'name' | 'editTokenHash' | 'restored' | 'asleep'>;

/**
 * The hibernated session `stored` comes back as ([R39]). `left` is what it had when it last left memory: the stream
 * its viewers know, so they resume without a resync, and its speed.
 */
export function asleepFromStore(stored: StoredState, deps: StoredSessionDeps, left: { streamId?: string; speed: number | null }): Session {
  const { row, status, epoch, seq, events, history } = stored;
  return Session.asleep({
    ...deps, id: row.id, name: row.name, editTokenHash: row.editTokenHash,
    restored: { seq, events, metrics: history, createdAt: row.createdAt },
    asleep: { status, epoch, canRollback: stored.checkpoint?.diverged ?? false, speed: left.speed, ...csvPoints(stored), ...(left.streamId === undefined ? {} : { streamId: left.streamId }) },
  });
}

/** A stored CSV session's points, from the text its checkpoint carries: its reported config has none to build them from. */
function csvPoints({ config, checkpoint }: StoredState): { points?: DatasetPoints } {
  return config.dataset.kind === 'csv' && checkpoint !== null ? { points: datasetPoints(withCsvTextOf(config, checkpoint.config)) } : {};
}

/** A cheap shape check: a value that is plainly not a checkpoint is damage found at load, not at wake. */
function isCheckpoint(data: unknown): data is TrainerCheckpoint {
  if (typeof data !== 'object' || data === null) return false;
  const cp = data as Partial<TrainerCheckpoint>;
  return cp.format === 'liveprop.checkpoint/1' && typeof cp.epoch === 'number' && Array.isArray(cp.layers) && typeof cp.config === 'object' && cp.config !== null;
}

/** Whether a recent event already reports the same thing (a restart while still paused at it). */
function alreadyTold(events: readonly SessionEvent[], event: SessionEvent): boolean {
  return events.slice(-2).some((e) => e.what === event.what && e.from === event.from && JSON.stringify(e.to) === JSON.stringify(event.to));
}
