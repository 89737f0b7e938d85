import type { EpochMetrics, ExperimentConfig, TrainerCheckpoint } from '@liveprop/core';
import type { SessionEvent } from '@liveprop/protocol';
import type { Logger } from 'pino';
import type { Store } from '../storage/types.js';
import type { SessionRegistry } from './registry.js';

/**
 * Brings stored sessions back, newest first, as many as the registry has room for. Each resumes from its latest
 * checkpoint, paused; metrics recorded after that checkpoint (a crash, not a clean shutdown) are dropped so the
 * history matches the weights. A session whose data no longer loads is logged and left in the store.
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
    const epoch = cp?.epoch ?? 0;
    store.truncateMetricsAfter(summary.id, epoch);
    const metrics = store.readMetrics(summary.id, 0, epoch);
    const started = await registry.start({
      id: stored.value.id,
      name: stored.value.name,
      editTokenHash: stored.value.editTokenHash,
      init: {
        config: stored.value.config as ExperimentConfig,
        ...(cp ? { checkpoint: cp.data as TrainerCheckpoint } : {}),
      },
      restored: {
        seq: Math.max(stored.value.seq, cp?.seq ?? 0),
        events: events.value as unknown as SessionEvent[],
        metrics: metrics.ok ? (metrics.value as EpochMetrics[]) : [],
        createdAt: stored.value.createdAt,
      },
    });
    if (!started.ok) {
      log.error({ sessionId: summary.id, code: started.code, err: started.message }, 'stored session cannot restart; skipped');
      continue;
    }
    restored++;
  }
  if (restored > 0) log.info({ restored }, 'restored stored sessions, paused');
  return restored;
}
