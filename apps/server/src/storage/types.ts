/**
 * Public types of the session store. Plain data only: the store never hands out SQLite handles.
 */

import type { EpochBatch, EpochMetrics } from '@liveprop/core';

/** One epoch's metrics as stored: exactly core's `EpochMetrics` (the chunk codec checks it covers every field). */
export type EpochMetricsRow = EpochMetrics;

/**
 * Why a store operation failed. `disk_full` and `io_error` also flag the affected session (see `storageError`).
 * `unavailable`: the database server cannot be reached (PostgreSQL down, connection lost). `fenced`: another owner
 * claimed the session with a newer fencing token, or this store never claimed it.
 */
export type StoreErrorCode =
  | 'unavailable'
  | 'fenced'
  | 'corrupt'
  | 'foreign_db'
  | 'newer_schema'
  | 'read_only'
  | 'locked'
  | 'disk_full'
  | 'io_error'
  | 'not_found'
  | 'exists'
  | 'invalid'
  | 'closed';

/** Same shape as core's `Result<T>`, with the failure codes narrowed to the store's. */
export type StoreResult<T> = { ok: true; value: T } | { ok: false; code: StoreErrorCode; message: string };

export type SessionStatus = 'running' | 'paused' | 'diverged';

export interface NewSession {
  id: string;
  name: string;
  /** The experiment config (any JSON value; normally `ExperimentConfig`). */
  config: unknown;
  editTokenHash: string;
  /** Milliseconds since the Unix epoch. */
  createdAt: number;
  parentId?: string;
  forkEpoch?: number;
}

/** A session as the lobby lists it: everything but the config, which can be large (CSV datasets). */
export interface StoredSessionSummary {
  id: string;
  name: string;
  editTokenHash: string;
  createdAt: number;
  updatedAt: number;
  parentId: string | null;
  forkEpoch: number | null;
  status: SessionStatus;
  /** Last epoch the server reported through `updateSessionState`. */
  epoch: number;
  /** Last broadcast `seq` the server reported through `updateSessionState`. */
  seq: number;
  /** Set when a write for this session failed (disk full, I/O error); `null` when healthy. */
  storageError: string | null;
}

export interface StoredSession extends StoredSessionSummary {
  /** The current config (any JSON value; normally `ExperimentConfig`). */
  config: unknown;
}

/** Fields of `updateSessionState`; absent fields keep their stored value. */
export interface SessionStatePatch {
  status?: SessionStatus;
  epoch?: number;
  seq?: number;
  /** Replaces the stored config, e.g. after live changes, so a fork or restart starts from the current one. */
  config?: unknown;
}

/** One entry of a session's event log. Only `epoch` is interpreted (fork cut-off); the rest is stored as JSON. */
export interface StoredEvent {
  epoch: number;
  [key: string]: unknown;
}

export interface CheckpointInput {
  epoch: number;
  seq: number;
  /** Weights and optimizer state: a JSON value, or bytes (any typed array / Buffer) stored as-is. */
  data: unknown;
}

export interface StoredCheckpoint {
  epoch: number;
  seq: number;
  /** A `Buffer` when saved as bytes, the parsed JSON value otherwise. */
  data: unknown;
  createdAt: number;
}

/** Rows `first <= i < end` of one stored chunk, as columns named like `EpochMetrics`; a null accuracy is NaN. */
export interface MetricColumnsRun {
  columns: Readonly<Record<keyof EpochMetricsRow, Float64Array>>;
  first: number;
  end: number;
}

/** A page of the lobby: sessions newest first, optionally only those matching `search` or one `status`. */
export interface SessionQuery {
  /** Case-insensitive substring of the name, or of the id. */
  search?: string;
  status?: SessionStatus;
  /** Only session `related`, its parent and its forks ([R38]). */
  related?: string;
  offset: number;
  limit: number;
}

export interface SessionPage {
  /** How many sessions match, across all pages. */
  total: number;
  sessions: StoredSessionSummary[];
}

/** The last encoded snapshot of a session and the epoch it shows. */
export interface StoredSnapshot {
  epoch: number;
  data: Uint8Array;
}

/** A live session forked at `forkEpoch`, written by `createFork` in one transaction. */
export interface NewFork extends NewSession {
  parentId: string;
  forkEpoch: number;
  /** The source's epochs up to the fork epoch. */
  metrics: readonly EpochMetricsRow[];
  /** The source's events up to the fork epoch. */
  events: readonly StoredEvent[];
  /** The source's weights and optimizer state at the fork epoch. */
  checkpoint: CheckpointInput;
}

/** Overrides for the session a fork creates; the rest is copied from the source. */
export interface ForkOptions {
  name?: string;
  editTokenHash?: string;
  createdAt?: number;
}

export interface OpenStoreOptions {
  /** File name inside the data dir; default `liveprop.db`. */
  fileName?: string;
  /** Cap on the database size in bytes (`PRAGMA max_page_count`); writes past it fail with `disk_full`. */
  maxBytes?: number;
  /** Checkpoints kept per session, newest first; default 3. */
  keepCheckpoints?: number;
  /** Deflate metric chunks (about half the bytes, a little CPU); default true. Either setting reads both kinds. */
  compressMetrics?: boolean;
  /** Hold an exclusive lock so a second server on the same data dir fails with `locked`; default true. */
  exclusive?: boolean;
}

/**
 * A session store. Every method answers a promise of a result and never rejects for environment failures (a full
 * disk, a lost connection): those come back as `{ok:false, code, message}`. Backends: SQLite (`openStore`) and
 * PostgreSQL; both pass the same contract tests.
 */
export interface Store {
  /** Where the data lives, for messages: the database file's absolute path, or a URL without its password. */
  readonly location: string;
  createSession(session: NewSession): Promise<StoreResult<StoredSession>>;
  /** All sessions, newest first, without their configs (use `getSession` for one with its config). */
  listSessions(): Promise<StoreResult<StoredSessionSummary[]>>;
  /** One page of sessions, newest first, with the number of all that match; summaries as `listSessions` gives. */
  querySessions(query: SessionQuery): Promise<StoreResult<SessionPage>>;
  getSession(id: string): Promise<StoreResult<StoredSession>>;
  /**
   * Makes this store the owner of session `id`'s writes: raises its fencing token to `token` (default: one above the
   * stored one) and answers it. Every later write to `id` through this store checks the token still stands and fails
   * with `fenced` once a newer owner claimed the session. `createSession` and forks claim the new session themselves.
   */
  claimSession(id: string, token?: number): Promise<StoreResult<number>>;
  renameSession(id: string, name: string): Promise<StoreResult<StoredSession>>;
  /** Deletes the session with its events, metrics and checkpoints. Forks keep their data; their `parentId` becomes null. */
  deleteSession(id: string): Promise<StoreResult<void>>;
  updateSessionState(id: string, patch: SessionStatePatch): Promise<StoreResult<StoredSession>>;
  /** Clears the `storageError` flag, e.g. after the operator freed disk space. */
  clearStorageError(id: string): Promise<StoreResult<void>>;
  appendEvents(id: string, events: readonly StoredEvent[]): Promise<StoreResult<void>>;
  /** Events in insertion order. */
  listEvents(id: string): Promise<StoreResult<StoredEvent[]>>;
  /**
   * Appends in one transaction. Epochs must be integers, strictly increasing and above the last stored one. Packed
   * epochs (a worker's tick, as the session's history got them) are encoded as they are, without a record an epoch.
   */
  appendMetrics(id: string, epochs: EpochBatch): Promise<StoreResult<void>>;
  /** Stored epochs `from <= epoch <= to`, ascending. */
  readMetrics(id: string, from: number, to: number): Promise<StoreResult<EpochMetricsRow[]>>;
  metricsCount(id: string): Promise<StoreResult<number>>;
  /** How many stored epochs lie in `from <= epoch <= to`, without decoding whole chunks. */
  countMetricsInRange(id: string, from: number, to: number): Promise<StoreResult<number>>;
  /**
   * Stored epochs `from <= epoch <= to`, ascending, one chunk's run at a time, a few chunks per query, so memory
   * stays bounded for any range. Checks the session up front; a failure mid-way throws `StoreReadError`.
   */
  streamMetricRuns(id: string, from: number, to: number): Promise<StoreResult<AsyncIterable<MetricColumnsRun>>>;
  /** Last stored epoch, or `null` when the session has no metrics. */
  lastMetricsEpoch(id: string): Promise<StoreResult<number | null>>;
  /** Drops metrics after `epoch` (rollback after divergence). Returns how many epochs were dropped. */
  truncateMetricsAfter(id: string, epoch: number): Promise<StoreResult<number>>;
  /**
   * CSV of every stored epoch: a header line, then one line per epoch. Checks the session up front (so an HTTP
   * handler can still answer 404); each yielded string then holds whole lines, one chunk's worth. Reads a few chunks
   * per query, so memory stays bounded. A failure mid-export throws `StoreReadError` (it carries a `code`).
   */
  streamMetricsCsv(id: string): Promise<StoreResult<AsyncIterable<string>>>;
  /** Saves a checkpoint and drops all but the newest `keepCheckpoints`. */
  saveCheckpoint(id: string, checkpoint: CheckpointInput): Promise<StoreResult<void>>;
  /** The newest checkpoint, or `null` when there is none. */
  loadLatestCheckpoint(id: string): Promise<StoreResult<StoredCheckpoint | null>>;
  /** Replaces the session's last encoded snapshot (one per session); a write, so fenced like the others. */
  saveSnapshot(id: string, snapshot: StoredSnapshot): Promise<StoreResult<void>>;
  /** The session's last encoded snapshot, or `null` when none was saved. */
  loadSnapshot(id: string): Promise<StoreResult<StoredSnapshot | null>>;
  /**
   * Creates session `newId` from `srcId` as it was at `uptoEpoch`: current config, events and metrics with
   * epoch <= uptoEpoch, and the newest checkpoint at or before it. The fork starts paused.
   */
  forkSession(srcId: string, newId: string, uptoEpoch: number, options?: ForkOptions): Promise<StoreResult<StoredSession>>;
  /**
   * Stores a fork of a live session — its row (paused, with `parentId`/`forkEpoch`), the copied metrics and events,
   * and its checkpoint — in one transaction: on any failure nothing of it is stored.
   */
  createFork(fork: NewFork): Promise<StoreResult<StoredSession>>;
  /** Checkpoints the WAL into the file and closes; further calls answer `closed`. Safe to call twice. */
  close(): Promise<StoreResult<void>>;
}
