import type { EpochMetrics, ExperimentConfig, TrainerCheckpoint } from '@liveprop/core';
import type { SessionEvent } from '@liveprop/protocol';
import type { Logger } from 'pino';
import type { Store, StoredEvent } from '../storage/types.js';
import type { SessionRegistry } from './registry.js';

/**
 * Brings stored sessions back, newest first, as many as the registry has room for. Each resumes from its latest
 * checkpoint, paused, with every stored epoch: viewers were shown them before a crash, so they stay in the history
 * (and its CSV) while paused. When the history runs past the checkpoint a `restored` event at the checkpoint epoch
 * says so ([R20]); training resumed from the checkpoint overwrites those epochs. A session whose data no longer
 * loads is logged and left in the store.
 */
export async function restoreSessions(store: Store, registry: SessionRegistry, log: Logger): Promise<number> {
  const listed = store.listSessions();
  if (!listed.ok) {
    log.error({ code: listed.code, err: listed.message }, 'cannot list stored sessions');
    return 0;
  }
  let restored = 0;
  for (const summary of listed.value) {
    if (!registry.hasRoom()) {
      log.warn({ sessionId: summary.id }, 'session limit reached; older stored sessions stay on disk only');
      break;
    }
    const stored = store.getSession(summary.id);
    const checkpoint = store.loadLatestCheckpoint(summary.id);
    const events = store.listEvents(summary.id);
    if (!stored.ok || !checkpoint.ok || !events.ok) {
      log.error({ sessionId: summary.id }, 'stored session does not load; skipped');
      continue;
    }
    const cp = checkpoint.value;
    const seq = Math.max(stored.value.seq, cp?.seq ?? 0);
    const metrics = store.readMetrics(summary.id, 0, Number.MAX_SAFE_INTEGER);
    if (!metrics.ok) log.error({ sessionId: summary.id, code: metrics.code, err: metrics.message }, 'stored metric history does not load; restoring without it');
    const history = metrics.ok ? (metrics.value as EpochMetrics[]) : [];
    const restoredEvent = eventPastCheckpoint(cp?.epoch ?? 0, history, seq);
    if (restoredEvent !== null && !alreadyTold(events.value, restoredEvent)) {
      const saved = store.appendEvents(summary.id, [restoredEvent]);
      if (!saved.ok) log.error({ sessionId: summary.id, code: saved.code, err: saved.message }, 'could not persist the restored event');
      events.value.push(restoredEvent);
    }
    const started = await registry.start({
      id: stored.value.id,
      name: stored.value.name,
      editTokenHash: stored.value.editTokenHash,
      init: {
        config: stored.value.config as ExperimentConfig,
        ...(cp ? { checkpoint: cp.data as TrainerCheckpoint } : {}),
      },
      restored: {
        seq,
        events: events.value as unknown as SessionEvent[],
        metrics: history,
        createdAt: stored.value.createdAt,
      },
    });
    if (!started.ok) {
      log.error({ sessionId: summary.id, code: started.code, err: started.message }, 'stored session cannot restart; skipped');
      continue;
    }
    if (stored.value.parentId !== null && stored.value.forkEpoch !== null) {
      registry.setLineage(stored.value.id, { parentId: stored.value.parentId, forkEpoch: stored.value.forkEpoch });
    }
    restored++;
  }
  if (restored > 0) log.info({ restored }, 'restored stored sessions, paused');
  return restored;
}

/** The `restored` event when stored epochs run past the checkpoint epoch (a crash between checkpoints), else null. */
function eventPastCheckpoint(checkpointEpoch: number, history: readonly EpochMetrics[], seq: number): SessionEvent | null {
  const lastEpoch = history.at(-1)?.epoch ?? 0;
  if (lastEpoch <= checkpointEpoch) return null;
  return { seq, epoch: checkpointEpoch, by: 'system', what: 'restored', from: lastEpoch, to: checkpointEpoch, at: Date.now() };
}

/** Whether the last event already reports the same gap (a restart while still paused at it). */
function alreadyTold(events: readonly StoredEvent[], event: SessionEvent): boolean {
  const last = events.at(-1);
  return last !== undefined && last.what === event.what && last.from === event.from && last.to === event.to;
}
