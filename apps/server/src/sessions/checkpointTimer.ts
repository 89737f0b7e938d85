import type { SessionRecorder } from './recorder.js';
import type { Session } from './session.js';
import type { LiveSessionView, StoreRecorder } from './storeRecorder.js';

/** A running session's weights are saved this often, so a crash loses at most this much training (never metrics). */
export const CHECKPOINT_EVERY_MS = 3_000;

/** Event `what` when a session's writes stop (full disk, read-only, damage): `from` is the store's code, `to` the text. */
export const PERSISTENCE_PAUSED_EVENT = 'storagePaused';

/** Event `what` when a paused session's store has caught up and saving runs again; `from` is the code it paused on. */
export const PERSISTENCE_RESUMED_EVENT = 'storageResumed';

/** The registry's sessions in memory, as the checkpoint timer reads them. */
export interface CheckpointedSessions {
  all(): Iterable<Session>;
  get(id: string): Session | undefined;
}

/**
 * Every `everyMs`, checkpoints the running sessions; a session whose persistence is paused instead tries to catch the
 * store up, and once it did tells its viewers and checkpoints. Answers the timer (unref'd), for the caller to clear.
 */
export function startCheckpointTimer(sessions: CheckpointedSessions, recorder: SessionRecorder, stored: StoreRecorder | null, everyMs: number): ReturnType<typeof setInterval> {
  const timer = setInterval(() => {
    for (const s of sessions.all()) {
      const pausedBy = stored?.pausedCode(s.id) ?? null;
      if (pausedBy === null) {
        if (s.status === 'running') void s.saveCheckpoint();
        continue;
      }
      void (recorder as StoreRecorder).resume(liveView(s)).then((resumed) => {
        if (!resumed || sessions.get(s.id) !== s) return;
        s.publishEvent('system', PERSISTENCE_RESUMED_EVENT, pausedBy, 'saving again, with everything missed');
        void s.saveCheckpoint();
      });
    }
  }, everyMs);
  timer.unref();
  return timer;
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
