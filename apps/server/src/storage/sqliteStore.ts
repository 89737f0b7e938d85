/**
 * The `Store` over one open better-sqlite3 connection, assembled from its calls grouped by what they touch: session
 * rows, events, metrics, checkpoints and forks. Every call funnels through `StoreContext.guard`.
 */
import type Database from 'better-sqlite3';
import { checkpointCalls, type CheckpointCalls } from './checkpointCalls.js';
import { eventCalls, type EventCalls } from './eventCalls.js';
import { metricCalls, type MetricCalls } from './metricCalls.js';
import { sessionCalls, type SessionCalls } from './sessionCalls.js';
import { StoreContext } from './storeContext.js';
import type {
  CheckpointInput,
  EpochMetricsRow,
  ForkOptions,
  MetricColumnsRun,
  NewFork,
  NewSession,
  SessionStatePatch,
  StoredSessionSummary,
  Store,
  StoredCheckpoint,
  StoredEvent,
  StoredSession,
  StoreResult,
} from './types.js';

export class SqliteStore implements Store {
  private readonly ctx: StoreContext;
  private readonly sessions: SessionCalls;
  private readonly events: EventCalls;
  private readonly metrics: MetricCalls;
  private readonly checkpoints: CheckpointCalls;

  constructor(db: Database.Database, readonly path: string, keepCheckpoints: number, compress: boolean) {
    this.ctx = new StoreContext(db, path, keepCheckpoints, compress);
    this.sessions = sessionCalls(this.ctx);
    this.events = eventCalls(this.ctx);
    this.metrics = metricCalls(this.ctx);
    this.checkpoints = checkpointCalls(this.ctx);
  }

  createSession(session: NewSession): StoreResult<StoredSession> {
    return this.sessions.createSession(session);
  }

  listSessions(): StoreResult<StoredSessionSummary[]> {
    return this.sessions.listSessions();
  }

  getSession(id: string): StoreResult<StoredSession> {
    return this.sessions.getSession(id);
  }

  renameSession(id: string, name: string): StoreResult<StoredSession> {
    return this.sessions.renameSession(id, name);
  }

  deleteSession(id: string): StoreResult<void> {
    return this.sessions.deleteSession(id);
  }

  updateSessionState(id: string, patch: SessionStatePatch): StoreResult<StoredSession> {
    return this.sessions.updateSessionState(id, patch);
  }

  clearStorageError(id: string): StoreResult<void> {
    return this.sessions.clearStorageError(id);
  }

  appendEvents(id: string, events: readonly StoredEvent[]): StoreResult<void> {
    return this.events.appendEvents(id, events);
  }

  listEvents(id: string): StoreResult<StoredEvent[]> {
    return this.events.listEvents(id);
  }

  appendMetrics(id: string, epochs: readonly EpochMetricsRow[]): StoreResult<void> {
    return this.metrics.appendMetrics(id, epochs);
  }

  readMetrics(id: string, from: number, to: number): StoreResult<EpochMetricsRow[]> {
    return this.metrics.readMetrics(id, from, to);
  }

  metricsCount(id: string): StoreResult<number> {
    return this.metrics.metricsCount(id);
  }

  countMetricsInRange(id: string, from: number, to: number): StoreResult<number> {
    return this.metrics.countMetricsInRange(id, from, to);
  }

  streamMetricRuns(id: string, from: number, to: number): StoreResult<Iterable<MetricColumnsRun>> {
    return this.metrics.streamMetricRuns(id, from, to);
  }

  lastMetricsEpoch(id: string): StoreResult<number | null> {
    return this.metrics.lastMetricsEpoch(id);
  }

  truncateMetricsAfter(id: string, epoch: number): StoreResult<number> {
    return this.metrics.truncateMetricsAfter(id, epoch);
  }

  streamMetricsCsv(id: string): StoreResult<Iterable<string>> {
    return this.metrics.streamMetricsCsv(id);
  }

  saveCheckpoint(id: string, checkpoint: CheckpointInput): StoreResult<void> {
    return this.checkpoints.saveCheckpoint(id, checkpoint);
  }

  loadLatestCheckpoint(id: string): StoreResult<StoredCheckpoint | null> {
    return this.checkpoints.loadLatestCheckpoint(id);
  }

  forkSession(srcId: string, newId: string, uptoEpoch: number, options: ForkOptions = {}): StoreResult<StoredSession> {
    return this.checkpoints.forkSession(srcId, newId, uptoEpoch, options);
  }

  createFork(fork: NewFork): StoreResult<StoredSession> {
    return this.checkpoints.createFork(fork);
  }

  close(): StoreResult<void> {
    return this.ctx.close();
  }
}
