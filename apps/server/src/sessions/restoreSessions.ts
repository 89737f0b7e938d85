import type { EpochMetrics, ExperimentConfig, TrainerCheckpoint } from '@liveprop/core';
import type { SessionEvent } from '@liveprop/protocol';
import type { Logger } from 'pino';
import type { StoredCheckpoint, StoredEvent, StoredSession, Store } from '../storage/types.js';
import { HISTORY_MAX_EPOCHS } from './metricHistory.js';
import type { SessionRegistry } from './registry.js';
import type { Session } from './session.js';

/** Event `what` of a session that came back without part of its stored data; `to` says what and why. */
export const RESTORE_DAMAGED_EVENT = 'restoreDamaged';

/**
 * Restores one stored session with a worker (see {@link restoreAtStart}; cluster takeover); `token` is the fencing token to claim it with (a cluster
 * lease's), else one above the stored one. False when it stays in the store.
 */
export async function restoreSession(store: Store, registry: SessionRegistry, log: Logger, id: string, token?: number): Promise<boolean> {
  // This server owns the session's writes from here on; a server that had it before is fenced off.
  const claimed = await store.claimSession(id, token);
  if (!claimed.ok) {
    log.error({ sessionId: id, code: claimed.code, err: claimed.message }, 'stored session cannot be claimed; skipped and left in the store');
    return false;
  }
  const stored = await store.getSession(id);
  if (!stored.ok) {
    log.error({ sessionId: id, code: stored.code, err: stored.message }, 'stored session does not load; skipped and left in the store');
    return false;
  }
  const damage: string[] = [];
  const checkpoint = await store.loadLatestCheckpoint(id);
  if (!checkpoint.ok) damage.push(`its latest checkpoint does not load (${checkpoint.message})`);
  const events = await store.listEvents(id);
  if (!events.ok) damage.push(`its event log does not load (${events.message})`);
  // Only what memory holds: a longer history stays in the store, which CSV and metrics.json read from.
  const last = await store.lastMetricsEpoch(id);
  const from = last.ok && last.value !== null ? Math.max(0, last.value - HISTORY_MAX_EPOCHS + 1) : 0;
  const metrics = await store.readMetrics(id, from, Number.MAX_SAFE_INTEGER);
  if (!metrics.ok) damage.push(`its metric history does not load (${metrics.message})`);
  const base = { session: stored.value, events: events.ok ? events.value : [], history: metrics.ok ? (metrics.value as EpochMetrics[]) : [] };

  let cp = checkpoint.ok ? checkpoint.value : null;
  let started = await startFrom(registry, base, cp, damage);
  if (!started.ok && cp !== null) {
    damage.push(`its latest checkpoint (epoch ${cp.epoch}) does not restart (${started.message})`);
    cp = null;
    started = await startFrom(registry, base, cp, damage);
  }
  if (!started.ok) {
    log.error({ sessionId: id, code: started.code, err: started.message }, 'stored session cannot restart; skipped and left in the store');
    return false;
  }
  if (damage.length > 0) log.error({ sessionId: id, damage }, 'stored session restored without its damaged data');
  if (started.added.length > 0) {
    const saved = await store.appendEvents(id, started.added);
    if (!saved.ok) log.error({ sessionId: id, code: saved.code, err: saved.message }, 'could not persist the restore events');
  }
  if (stored.value.parentId !== null && stored.value.forkEpoch !== null) {
    registry.setLineage(id, { parentId: stored.value.parentId, forkEpoch: stored.value.forkEpoch });
  }
  return true;
}

interface RestoreBase {
  session: StoredSession;
  events: StoredEvent[];
  history: EpochMetrics[];
}

/** Starts the session from `cp` (or its config's initial weights); answers the events it added, to be stored. */
async function startFrom(
  registry: SessionRegistry,
  base: RestoreBase,
  cp: StoredCheckpoint | null,
  damage: readonly string[],
): Promise<{ ok: true; session: Session; added: SessionEvent[] } | { ok: false; code: string; message: string }> {
  const { session, history } = base;
  const events = base.events as unknown as SessionEvent[];
  let seq = Math.max(session.seq, cp?.seq ?? 0, events.at(-1)?.seq ?? 0);
  const cpEpoch = cp?.epoch ?? 0;
  const added: SessionEvent[] = [];
  if (damage.length > 0) {
    const weights = cp === null ? 'training restarts from the initial weights of its config' : `weights are those of epoch ${cpEpoch}`;
    const event: SessionEvent = { seq: ++seq, epoch: cpEpoch, by: 'system', what: RESTORE_DAMAGED_EVENT, from: null, to: `stored data is damaged: ${damage.join('; ')}; ${weights}`, at: Date.now() };
    if (!alreadyTold(events, event)) added.push(event);
  }
  const started = await registry.start({
    id: session.id,
    name: session.name,
    editTokenHash: session.editTokenHash,
    init: {
      config: session.config as ExperimentConfig,
      ...(cp ? { checkpoint: cp.data as TrainerCheckpoint } : {}),
    },
    restored: { seq, events: [...events, ...added], metrics: history, createdAt: session.createdAt },
  });
  if (!started.ok) return started;
  await announceRestore(started.value, history.at(-1)?.epoch ?? 0, cp);
  return { ok: true, session: started.value, added };
}

/**
 * Tells viewers what came back ([R20]) when it is not simply where they left it: weights of checkpoint epoch C
 * with epochs C+1…L lost, and the live changes made after the checkpoint that were re-applied to reach the config
 * they last saw (or could not be). A re-applied config is checkpointed, so the next restart starts in it. Start-up
 * recovery and a hibernated session's wake ([R39]) both call this once its worker is ready.
 */
export async function announceRestore(session: Session, lastEpoch: number, cp: { epoch: number } | null): Promise<void> {
  const cpEpoch = cp?.epoch ?? 0;
  const reapplied = session.reconciled?.applied ?? [];
  const left = session.reconciled?.left ?? [];
  if (lastEpoch <= cpEpoch && reapplied.length === 0 && left.length === 0) return;
  const notRestored = left.map(({ change, message }) => `${change.what}: ${message}`);
  const to = { epoch: cpEpoch, weights: cp === null ? 'initial' : 'checkpoint', reapplied, notRestored };
  // Told already: a restart while still paused at it. Re-applied changes are news even after the same epochs were
  // told lost (a session loaded hibernated tells those; its wake re-applies).
  const nothingNew = (told: unknown): boolean => (reapplied.length === 0 && left.length === 0) || sameJson(told, to);
  const told = session.stateEvents().slice(-2).some((e) => e.what === 'restored' && e.epoch === cpEpoch && e.from === lastEpoch && nothingNew(e.to));
  if (!told) session.publishEvent('system', 'restored', lastEpoch, to);
  if (reapplied.length > 0) await session.saveCheckpoint();
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether a recent event already reports the same thing (a restart while still paused at it). */
function alreadyTold(events: readonly SessionEvent[], event: SessionEvent): boolean {
  return events.slice(-2).some((e) => e.what === event.what && e.from === event.from && e.to === event.to);
}

/**
 * Brings back at start-up, with a worker, every session stored as running (a crash or a stop while training: [R20]),
 * so the lobby lists it as it is; each comes back as {@link restoreSession} brings it — paused at its checkpoint,
 * brought into the config its viewers last saw, told with a `restored` event. Every other stored session stays in the
 * store until first asked for and then loads hibernated ([R39]): a join is served from the store without a worker, and
 * its checkpoint is brought into its stored config when something wakes it. Answers how many came back.
 */
export async function restoreAtStart(store: Store, registry: SessionRegistry, log: Logger): Promise<number> {
  const tried = new Set<string>();
  let restored = 0;
  for (;;) {
    const running = await store.querySessions({ status: 'running', offset: 0, limit: 100 });
    if (!running.ok) {
      log.error({ code: running.code, err: running.message }, 'cannot list interrupted sessions');
      break;
    }
    const fresh = running.value.sessions.map((s) => s.id).filter((id) => !tried.has(id) && registry.get(id) === undefined);
    if (fresh.length === 0) break;
    for (const id of fresh) {
      tried.add(id);
      if (await restoreSession(store, registry, log, id)) restored++;
    }
  }
  if (restored > 0) log.info({ restored }, 'interrupted sessions restored, paused at their last checkpoint');
  return restored;
}
