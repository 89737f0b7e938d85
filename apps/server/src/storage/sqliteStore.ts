/**
 * The `Store` over one open better-sqlite3 connection, assembled from its calls grouped by what they touch: session
 * rows, events, metrics, checkpoints and forks. Every call funnels through `StoreContext.guard`. better-sqlite3 is
 * synchronous, so each call has run by the time its promise exists: calls take effect in the order they are made.
 */
import type { EpochBatch } from '@liveprop/core';
import type Database from 'better-sqlite3';
import { checkpointCalls } from './checkpointCalls.js';
import { eventCalls } from './eventCalls.js';
import { lobbyCalls } from './lobbyCalls.js';
import { metricCalls } from './metricCalls.js';
import { sessionCalls } from './sessionCalls.js';
import { StoreContext } from './storeContext.js';
import type { SyncCalls } from './syncCalls.js';
import type {
  CheckpointInput,
  EpochMetricsRow,
  ForkOptions,
  MetricColumnsRun,
  NewFork,
  NewSession,
  SessionPage,
  SessionQuery,
  SessionStatePatch,
  StoredSessionSummary,
  Store,
  StoredCheckpoint,
  StoredEvent,
  StoredSession,
  StoredSnapshot,
  StoreResult,
} from './types.js';

/** A sync iterable as an async one, so both backends stream alike. */
async function* asAsync<T>(items: Iterable<T>): AsyncGenerator<T, void, undefined> {
  yield* items;
}

function streamed<T>(result: StoreResult<Iterable<T>>): StoreResult<AsyncIterable<T>> {
  return result.ok ? { ok: true, value: asAsync(result.value) } : result;
}

export class SqliteStore implements Store {
  private readonly ctx: StoreContext;
  private readonly calls: SyncCalls;

  constructor(db: Database.Database, readonly location: string, keepCheckpoints: number, compress: boolean) {
    this.ctx = new StoreContext(db, location, keepCheckpoints, compress);
    this.calls = { ...sessionCalls(this.ctx), ...eventCalls(this.ctx), ...metricCalls(this.ctx), ...checkpointCalls(this.ctx), ...lobbyCalls(this.ctx) };
  }

  async createSession(session: NewSession): Promise<StoreResult<StoredSession>> {
    return this.calls.createSession(session);
  }

  async listSessions(): Promise<StoreResult<StoredSessionSummary[]>> {
    return this.calls.listSessions();
  }

  async querySessions(query: SessionQuery): Promise<StoreResult<SessionPage>> {
    return this.calls.querySessions(query);
  }

  async getSession(id: string): Promise<StoreResult<StoredSession>> {
    return this.calls.getSession(id);
  }

  async claimSession(id: string, token?: number): Promise<StoreResult<number>> {
    return this.calls.claimSession(id, token);
  }

  async renameSession(id: string, name: string): Promise<StoreResult<StoredSession>> {
    return this.calls.renameSession(id, name);
  }

  async deleteSession(id: string): Promise<StoreResult<void>> {
    return this.calls.deleteSession(id);
  }

  async updateSessionState(id: string, patch: SessionStatePatch): Promise<StoreResult<StoredSession>> {
    return this.calls.updateSessionState(id, patch);
  }

  async clearStorageError(id: string): Promise<StoreResult<void>> {
    return this.calls.clearStorageError(id);
  }

  async appendEvents(id: string, events: readonly StoredEvent[]): Promise<StoreResult<void>> {
    return this.calls.appendEvents(id, events);
  }

  async listEvents(id: string): Promise<StoreResult<StoredEvent[]>> {
    return this.calls.listEvents(id);
  }

  async appendMetrics(id: string, epochs: EpochBatch): Promise<StoreResult<void>> {
    return this.calls.appendMetrics(id, epochs);
  }

  async readMetrics(id: string, from: number, to: number): Promise<StoreResult<EpochMetricsRow[]>> {
    return this.calls.readMetrics(id, from, to);
  }

  async metricsCount(id: string): Promise<StoreResult<number>> {
    return this.calls.metricsCount(id);
  }

  async countMetricsInRange(id: string, from: number, to: number): Promise<StoreResult<number>> {
    return this.calls.countMetricsInRange(id, from, to);
  }

  async streamMetricRuns(id: string, from: number, to: number): Promise<StoreResult<AsyncIterable<MetricColumnsRun>>> {
    return streamed(this.calls.streamMetricRuns(id, from, to));
  }

  async lastMetricsEpoch(id: string): Promise<StoreResult<number | null>> {
    return this.calls.lastMetricsEpoch(id);
  }

  async truncateMetricsAfter(id: string, epoch: number): Promise<StoreResult<number>> {
    return this.calls.truncateMetricsAfter(id, epoch);
  }

  async streamMetricsCsv(id: string): Promise<StoreResult<AsyncIterable<string>>> {
    return streamed(this.calls.streamMetricsCsv(id));
  }

  async saveCheckpoint(id: string, checkpoint: CheckpointInput): Promise<StoreResult<void>> {
    return this.calls.saveCheckpoint(id, checkpoint);
  }

  async loadLatestCheckpoint(id: string): Promise<StoreResult<StoredCheckpoint | null>> {
    return this.calls.loadLatestCheckpoint(id);
  }

  async saveSnapshot(id: string, snapshot: StoredSnapshot): Promise<StoreResult<void>> {
    return this.calls.saveSnapshot(id, snapshot);
  }

  async loadSnapshot(id: string): Promise<StoreResult<StoredSnapshot | null>> {
    return this.calls.loadSnapshot(id);
  }

  async forkSession(srcId: string, newId: string, uptoEpoch: number, options: ForkOptions = {}): Promise<StoreResult<StoredSession>> {
    return this.calls.forkSession(srcId, newId, uptoEpoch, options);
  }

  async createFork(fork: NewFork): Promise<StoreResult<StoredSession>> {
    return this.calls.createFork(fork);
  }

  async close(): Promise<StoreResult<void>> {
    return this.ctx.close();
  }
}
