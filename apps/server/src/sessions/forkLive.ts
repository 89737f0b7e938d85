/**
 * Forks a live session at its current state: the "what if I raise the learning rate now?" of [R22].
 */
import type { Result } from '@liveprop/core';
import type { SessionRegistry } from './registry.js';
import type { Session } from './session.js';
import { StoreRecorder } from './storeRecorder.js';
import { generateId, generateToken, hashToken } from './tokens.js';

/** Longest wait for the source's metric ticks to reach the checkpoint epoch, ms. */
const CATCH_UP_MS = 3000;

/** A fork that started: the new session, its own edit token (shown once) and the source epoch it starts from. */
export interface Forked {
  session: Session;
  editToken: string;
  forkEpoch: number;
}

/**
 * Wakes `source` if it hibernates, and starts a new paused session from `source`'s weights and optimizer state (the worker's checkpoint command), its
 * current config, and its metric history and events up to that epoch. The source keeps running and gets a `fork`
 * event `{from: forkEpoch, to: newId}` (or `forkFailed` if the new worker cannot start). With a store, the fork is
 * stored with its parent, history and checkpoint in one transaction: all of it or, on failure, none.
 */
export async function forkLiveSession(registry: SessionRegistry, source: Session, name: string | undefined): Promise<Result<Forked>> {
  const asked = await registry.withWorker(source, () => source.workerHandle.request({ kind: 'checkpoint' }));
  if (!asked.ok) return asked;
  const reply = asked.value;
  if (!reply.result.ok) return { ok: false, code: reply.result.code, message: reply.result.message };
  const forkEpoch = reply.state.epoch;
  const config = reply.state.config;
  await historyReaches(source, forkEpoch);
  const metrics = source.history.rowsUpTo(forkEpoch);
  const events = source.events.filter((e) => e.epoch <= forkEpoch);
  const id = generateId();
  const editToken = generateToken();
  const editTokenHash = hashToken(editToken);
  const forkName = name ?? `${source.name} (fork @${forkEpoch})`;
  const seq = source.seq;
  // Told now, while the source's epoch is still about the fork epoch, so the chart marker sits where the fork began.
  source.publishEvent('editor', 'fork', forkEpoch, id);
  const started = await registry.start({
    id, name: forkName, editTokenHash,
    init: { config, checkpoint: reply.result.value },
    restored: { seq, events, metrics, createdAt: Date.now() },
  });
  if (!started.ok) {
    source.publishEvent('system', 'forkFailed', started.message, id);
    return started;
  }
  const session = started.value;
  registry.setLineage(id, { parentId: source.id, forkEpoch });
  const recorder = registry.recorder;
  if (recorder instanceof StoreRecorder) {
    const stored = await recorder.forked({
      id, name: forkName, config, editTokenHash, createdAt: session.createdAt, parentId: source.id, forkEpoch,
      metrics, events, checkpoint: { epoch: forkEpoch, seq, data: reply.result.value },
    });
    if (!stored.ok) session.log.error({ code: stored.code, err: stored.message }, 'could not store the fork; it lives in memory only');
  }
  session.log.info({ parentId: source.id, forkEpoch }, 'session forked');
  return { ok: true, value: { session, editToken, forkEpoch } };
}

/**
 * Waits until the source's history holds `epoch`: the worker answers the checkpoint before the tick that carries the
 * last epochs reaches the main thread. A source whose history was cut meanwhile (reset) stops the wait at the deadline.
 */
async function historyReaches(source: Session, epoch: number): Promise<void> {
  const deadline = Date.now() + CATCH_UP_MS;
  while (epoch > 0 && source.history.lastEpoch < epoch && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
