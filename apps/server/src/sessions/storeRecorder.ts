import type { Logger } from 'pino';
import type { Store, StoreResult } from '../storage/types.js';
import type { SessionRecorder } from './recorder.js';

/**
 * Records sessions into the SQLite store. Store calls are synchronous and never throw; a failure is logged once per
 * session and kind (the store also flags the session), and the live session carries on in memory.
 */
export class StoreRecorder implements SessionRecorder {
  private readonly warned = new Set<string>();

  constructor(
    readonly store: Store,
    private readonly log: Logger,
  ) {}

  private check(sessionId: string, what: string, result: StoreResult<unknown>): void {
    if (result.ok || this.warned.has(`${sessionId}:${what}`)) return;
    this.warned.add(`${sessionId}:${what}`);
    this.log.error({ sessionId, code: result.code, err: result.message }, `could not persist ${what}`);
  }

  created(s: Parameters<SessionRecorder['created']>[0]): void {
    this.check(s.id, 'session', this.store.createSession({ id: s.id, name: s.name, config: s.config, editTokenHash: s.editTokenHash, createdAt: s.createdAt }));
  }

  metrics(sessionId: string, epochs: Parameters<SessionRecorder['metrics']>[1]): void {
    this.check(sessionId, 'metrics', this.store.appendMetrics(sessionId, epochs));
  }

  truncate(sessionId: string, lastEpoch: number): void {
    this.check(sessionId, 'truncation', this.store.truncateMetricsAfter(sessionId, lastEpoch));
  }

  event(sessionId: string, event: Parameters<SessionRecorder['event']>[1]): void {
    this.check(sessionId, 'event', this.store.appendEvents(sessionId, [event]));
  }

  state(sessionId: string, state: Parameters<SessionRecorder['state']>[1]): void {
    this.check(sessionId, 'state', this.store.updateSessionState(sessionId, state));
  }

  checkpoint(sessionId: string, checkpoint: Parameters<SessionRecorder['checkpoint']>[1]): void {
    this.check(sessionId, 'checkpoint', this.store.saveCheckpoint(sessionId, checkpoint));
  }

  renamed(sessionId: string, name: string): void {
    this.check(sessionId, 'name', this.store.renameSession(sessionId, name));
  }

  /** Removes the session and everything stored for it. */
  deleted(sessionId: string): void {
    this.check(sessionId, 'deletion', this.store.deleteSession(sessionId));
  }
}
