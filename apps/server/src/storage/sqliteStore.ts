/**
 * The `Store` over one open better-sqlite3 connection. Every method funnels through `guard`, which turns SQLite
 * failures into results and flags the session a failed write belonged to.
 */
import type Database from 'better-sqlite3';
import { loadLatest, saveAndPrune } from './checkpoints.js';
import { forkInto } from './forkSession.js';
import { eventBodies, insertFork, RollbackWith } from './liveFork.js';
import { countEpochsInRange, epochRangeRuns } from './metricsRange.js';
import { failuresAsReadErrors, metricsCsvLines, readEpochRange } from './metricsRead.js';
import { insertEpochs, truncateEpochsAfter, validateEpochs } from './metricsWrite.js';
import { nameProblem, newSessionProblem, sessionOfRow, statePatchProblem, summaryOfRow, toJsonText } from './sessionRows.js';
import { prepareStatements, type Statements } from './statements.js';
import { parseStoredJson } from './storedDataError.js';
import { failure, storeFailureOf, success } from './storeErrors.js';
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
  StoreErrorCode,
  StoreResult,
} from './types.js';

const FLAGGING_CODES: ReadonlySet<StoreErrorCode> = new Set(['disk_full', 'io_error', 'read_only', 'corrupt']);

function rangeProblem(from: number, to: number): StoreResult<never> | null {
  if (typeof from !== 'number' || typeof to !== 'number' || Number.isNaN(from) || Number.isNaN(to)) {
    return failure('invalid', `expected a numeric epoch range, got ${String(from)}..${String(to)}`);
  }
  return null;
}

export class SqliteStore implements Store {
  private readonly stmts: Statements;
  /** Flags that could not be written (the disk was full); they win over the stored column until cleared. */
  private readonly pendingFlags = new Map<string, string>();
  private readonly appendTx: (id: string, epochs: readonly EpochMetricsRow[]) => StoreResult<void>;

  constructor(
    private readonly db: Database.Database,
    readonly path: string,
    private readonly keepCheckpoints: number,
    private readonly compress: boolean,
  ) {
    this.stmts = prepareStatements(db);
    this.appendTx = db.transaction((id: string, epochs: readonly EpochMetricsRow[]) => {
      const last = this.stmts.lastChunk.get(id);
      const valid = validateEpochs(epochs, last === undefined ? null : last.last_epoch);
      if (!valid.ok) return valid;
      insertEpochs(this.stmts, id, epochs, this.compress);
      return success(undefined);
    });
  }

  private guard<T>(what: string, sessionId: string | null, body: () => StoreResult<T>): StoreResult<T> {
    if (!this.db.open) return failure('closed', `${what}: the store is closed`);
    try {
      return body();
    } catch (err) {
      const result = storeFailureOf(err, what);
      if (result === null) throw err;
      if (sessionId !== null && FLAGGING_CODES.has(result.code)) this.flag(sessionId, result.message);
      return result;
    }
  }

  private flag(id: string, message: string): void {
    this.pendingFlags.set(id, message);
    try {
      this.stmts.setStorageError.run(message, id);
    } catch {
      // The disk may be full; the in-memory flag above still reports the problem until restart.
    }
  }

  private requireSession(id: string): StoreResult<void> {
    return this.stmts.sessionExists.get(id) === undefined
      ? failure('not_found', `no session ${JSON.stringify(id)} in ${this.path}`)
      : success(undefined);
  }

  private readSession(id: string): StoreResult<StoredSession> {
    const row = this.stmts.getSession.get(id);
    if (row === undefined) return failure('not_found', `no session ${JSON.stringify(id)} in ${this.path}`);
    return success(sessionOfRow(row, this.pendingFlags.get(id)));
  }

  createSession(session: NewSession): StoreResult<StoredSession> {
    return this.guard(`create session ${session.id}`, null, () => {
      const problem = newSessionProblem(session);
      if (problem !== null) return failure('invalid', problem);
      const config = toJsonText(session.config, 'config');
      if (!config.ok) return failure('invalid', config.message);
      if (this.stmts.sessionExists.get(session.id) !== undefined) {
        return failure('exists', `session ${JSON.stringify(session.id)} already exists`);
      }
      if (session.parentId !== undefined && this.stmts.sessionExists.get(session.parentId) === undefined) {
        return failure('not_found', `no parent session ${JSON.stringify(session.parentId)} for ${JSON.stringify(session.id)}`);
      }
      const { id, name, editTokenHash, createdAt } = session;
      const parent = session.parentId ?? null;
      const forkEpoch = session.forkEpoch ?? null;
      this.stmts.insertSession.run(id, name, config.text, editTokenHash, createdAt, createdAt, parent, forkEpoch, 'paused', 0);
      return this.readSession(id);
    });
  }

  listSessions(): StoreResult<StoredSessionSummary[]> {
    return this.guard('list sessions', null, () =>
      success(this.stmts.listSessions.all().map((row) => summaryOfRow(row, this.pendingFlags.get(row.id)))),
    );
  }

  getSession(id: string): StoreResult<StoredSession> {
    return this.guard(`read session ${id}`, id, () => this.readSession(id));
  }

  renameSession(id: string, name: string): StoreResult<StoredSession> {
    return this.guard(`rename session ${id}`, id, () => {
      const problem = nameProblem(name);
      if (problem !== null) return failure('invalid', problem);
      this.stmts.renameSession.run(name, Date.now(), id);
      return this.readSession(id);
    });
  }

  deleteSession(id: string): StoreResult<void> {
    return this.guard(`delete session ${id}`, id, () => {
      if (this.stmts.deleteSession.run(id).changes === 0) return this.requireSession(id);
      this.pendingFlags.delete(id);
      return success(undefined);
    });
  }

  updateSessionState(id: string, patch: SessionStatePatch): StoreResult<StoredSession> {
    return this.guard(`update session ${id}`, id, () => {
      const problem = statePatchProblem(patch);
      if (problem !== null) return failure('invalid', problem);
      const row = this.stmts.getSession.get(id);
      if (row === undefined) return failure('not_found', `no session ${JSON.stringify(id)} in ${this.path}`);
      const config = patch.config === undefined ? { ok: true as const, text: row.config } : toJsonText(patch.config, 'config');
      if (!config.ok) return failure('invalid', config.message);
      const extra = patch.extra === undefined ? { ok: true as const, text: row.extra } : toJsonText(patch.extra, 'extra');
      if (!extra.ok) return failure('invalid', extra.message);
      const status = patch.status ?? row.status;
      this.stmts.updateState.run(status, patch.epoch ?? row.epoch, patch.seq ?? row.seq, config.text, extra.text, Date.now(), id);
      return this.readSession(id);
    });
  }

  clearStorageError(id: string): StoreResult<void> {
    return this.guard(`clear storage error of session ${id}`, null, () => {
      this.pendingFlags.delete(id);
      if (this.stmts.setStorageError.run(null, id).changes === 0) return this.requireSession(id);
      return success(undefined);
    });
  }

  appendEvents(id: string, events: readonly StoredEvent[]): StoreResult<void> {
    return this.guard(`append events to session ${id}`, id, () => {
      const bodies = eventBodies(events);
      if (!bodies.ok) return bodies;
      const exists = this.requireSession(id);
      if (!exists.ok) return exists;
      this.db.transaction(() => {
        let idx = this.stmts.nextEventIdx.get(id) ?? 0;
        for (let i = 0; i < bodies.value.length; i++) this.stmts.insertEvent.run(id, idx++, events[i]!.epoch, bodies.value[i]!);
      })();
      return success(undefined);
    });
  }

  listEvents(id: string): StoreResult<StoredEvent[]> {
    return this.guard(`list events of session ${id}`, id, () => {
      const exists = this.requireSession(id);
      if (!exists.ok) return exists;
      const bodies = this.stmts.listEvents.all(id);
      return success(bodies.map((body, i) => parseStoredJson(body, `event ${i} of session ${id}`) as StoredEvent));
    });
  }

  appendMetrics(id: string, epochs: readonly EpochMetricsRow[]): StoreResult<void> {
    return this.guard(`append metrics to session ${id}`, id, () => {
      const exists = this.requireSession(id);
      if (!exists.ok || epochs.length === 0) return exists;
      return this.appendTx(id, epochs);
    });
  }

  readMetrics(id: string, from: number, to: number): StoreResult<EpochMetricsRow[]> {
    return this.guard(`read metrics of session ${id}`, id, () => {
      if (Number.isNaN(from) || Number.isNaN(to) || typeof from !== 'number' || typeof to !== 'number') {
        return failure('invalid', `expected a numeric epoch range, got ${String(from)}..${String(to)}`);
      }
      const exists = this.requireSession(id);
      return exists.ok ? success(readEpochRange(this.stmts, id, from, to)) : exists;
    });
  }

  metricsCount(id: string): StoreResult<number> {
    return this.guard(`count metrics of session ${id}`, id, () => {
      const exists = this.requireSession(id);
      return exists.ok ? success(this.stmts.metricsCount.get(id) ?? 0) : exists;
    });
  }

  countMetricsInRange(id: string, from: number, to: number): StoreResult<number> {
    return this.guard(`count metrics of session ${id}`, id, () => {
      const range = rangeProblem(from, to);
      if (range !== null) return range;
      const exists = this.requireSession(id);
      return exists.ok ? success(countEpochsInRange(this.stmts, id, from, to)) : exists;
    });
  }

  streamMetricRuns(id: string, from: number, to: number): StoreResult<Iterable<MetricColumnsRun>> {
    const what = `read metrics of session ${id}`;
    return this.guard(what, id, () => {
      const range = rangeProblem(from, to);
      if (range !== null) return range;
      const exists = this.requireSession(id);
      if (!exists.ok) return exists;
      return success(failuresAsReadErrors(epochRangeRuns(this.stmts, id, from, to), () => this.db.open, what));
    });
  }

  lastMetricsEpoch(id: string): StoreResult<number | null> {
    return this.guard(`read last epoch of session ${id}`, id, () => {
      const exists = this.requireSession(id);
      return exists.ok ? success(this.stmts.lastChunk.get(id)?.last_epoch ?? null) : exists;
    });
  }

  truncateMetricsAfter(id: string, epoch: number): StoreResult<number> {
    return this.guard(`truncate metrics of session ${id}`, id, () => {
      if (!Number.isSafeInteger(epoch)) return failure('invalid', `expected an integer epoch to truncate after, got ${epoch}`);
      const exists = this.requireSession(id);
      if (!exists.ok) return exists;
      return success(this.db.transaction(() => truncateEpochsAfter(this.stmts, id, epoch, this.compress))());
    });
  }

  streamMetricsCsv(id: string): StoreResult<Iterable<string>> {
    const what = `export metrics of session ${id}`;
    return this.guard(what, id, () => {
      const exists = this.requireSession(id);
      if (!exists.ok) return exists;
      return success(failuresAsReadErrors(metricsCsvLines(this.stmts, id), () => this.db.open, what));
    });
  }

  saveCheckpoint(id: string, checkpoint: CheckpointInput): StoreResult<void> {
    return this.guard(`save checkpoint of session ${id}`, id, () => {
      const exists = this.requireSession(id);
      if (!exists.ok) return exists;
      return this.db.transaction(() => saveAndPrune(this.stmts, id, checkpoint, this.keepCheckpoints))();
    });
  }

  loadLatestCheckpoint(id: string): StoreResult<StoredCheckpoint | null> {
    return this.guard(`load checkpoint of session ${id}`, id, () => {
      const exists = this.requireSession(id);
      return exists.ok ? success(loadLatest(this.stmts, id)) : exists;
    });
  }

  forkSession(srcId: string, newId: string, uptoEpoch: number, options: ForkOptions = {}): StoreResult<StoredSession> {
    return this.guard(`fork session ${srcId} into ${newId}`, null, () => {
      const src = this.readSession(srcId);
      if (!src.ok) return src;
      const forked = this.db.transaction(() => forkInto(this.stmts, src.value, newId, uptoEpoch, options, this.compress))();
      return forked.ok ? this.readSession(newId) : forked;
    });
  }

  createFork(fork: NewFork): StoreResult<StoredSession> {
    return this.guard(`store fork ${fork.id} of session ${fork.parentId}`, null, () => {
      try {
        const written = this.db.transaction(() => insertFork(this.stmts, fork, this.keepCheckpoints, this.compress))();
        return written.ok ? this.readSession(fork.id) : written;
      } catch (err) {
        if (err instanceof RollbackWith) return err.result;
        throw err;
      }
    });
  }

  close(): StoreResult<void> {
    if (!this.db.open) return success(undefined);
    try {
      this.db.close();
      return success(undefined);
    } catch (err) {
      const result = storeFailureOf(err, `close ${this.path}`);
      if (result === null) throw err;
      return result;
    }
  }
}
