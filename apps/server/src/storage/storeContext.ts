/**
 * What every store call shares: the open connection, its prepared statements, the store's options, and `guard`,
 * which turns SQLite failures into results and flags the session a failed write belonged to.
 */
import type Database from 'better-sqlite3';
import { fenceProblem } from './fencing.js';
import { sessionOfRow } from './sessionRows.js';
import { prepareStatements, type Statements } from './statements.js';
import { failure, storeFailureOf, success } from './storeErrors.js';
import type { StoredSession, StoreErrorCode, StoreResult } from './types.js';

const FLAGGING_CODES: ReadonlySet<StoreErrorCode> = new Set(['disk_full', 'io_error', 'read_only', 'corrupt']);

export class StoreContext {
  readonly stmts: Statements;
  /** Flags that could not be written (the disk was full); they win over the stored column until cleared. */
  readonly pendingFlags = new Map<string, string>();
  /** Fencing token this store claimed each session with; its writes to the session carry it. */
  readonly claims = new Map<string, number>();

  constructor(
    readonly db: Database.Database,
    readonly path: string,
    readonly keepCheckpoints: number,
    readonly compress: boolean,
  ) {
    this.stmts = prepareStatements(db);
  }

  /** Runs `body` on the open store; SQLite failures become results, and flag `sessionId` when they hit its data. */
  guard<T>(what: string, sessionId: string | null, body: () => StoreResult<T>): StoreResult<T> {
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

  requireSession(id: string): StoreResult<void> {
    return this.stmts.sessionExists.get(id) === undefined
      ? failure('not_found', `no session ${JSON.stringify(id)} in ${this.path}`)
      : success(undefined);
  }

  /** Runs `body` when session `id` exists, else answers `not_found`. */
  withSession<T>(id: string, body: () => StoreResult<T>): StoreResult<T> {
    const exists = this.requireSession(id);
    return exists.ok ? body() : exists;
  }

  /** Runs the write `body` when session `id` exists and this store holds its newest claim (`fenced` otherwise). */
  withOwnedSession<T>(id: string, body: () => StoreResult<T>): StoreResult<T> {
    const stored = this.stmts.sessionFence.get(id);
    if (stored === undefined) return failure('not_found', `no session ${JSON.stringify(id)} in ${this.path}`);
    return fenceProblem(id, this.claims.get(id), stored) ?? body();
  }

  /** Passes `result` on; a session it created is claimed by this store, as a new session's first owner. */
  claimedNew(id: string, result: StoreResult<StoredSession>): StoreResult<StoredSession> {
    if (result.ok) this.claims.set(id, 1);
    return result;
  }

  readSession(id: string): StoreResult<StoredSession> {
    const row = this.stmts.getSession.get(id);
    if (row === undefined) return failure('not_found', `no session ${JSON.stringify(id)} in ${this.path}`);
    return success(sessionOfRow(row, this.pendingFlags.get(id)));
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

  private flag(id: string, message: string): void {
    this.pendingFlags.set(id, message);
    try {
      this.stmts.setStorageError.run(message, id);
    } catch {
      // The disk may be full; the in-memory flag above still reports the problem until restart.
    }
  }
}
