/**
 * Turns what SQLite and the file system throw into store results with a code and a message a person can act on.
 */
import Database from 'better-sqlite3';
import { StoredDataError } from './storedDataError.js';
import type { StoreErrorCode, StoreResult } from './types.js';

/** Thrown only from `streamMetricsCsv` iteration, where a result cannot be returned; carries the same code. */
export class StoreReadError extends Error {
  override name = 'StoreReadError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function failure(code: StoreErrorCode, message: string): { ok: false; code: StoreErrorCode; message: string } {
  return { ok: false, code, message };
}

export function success<T>(value: T): StoreResult<T> {
  return { ok: true, value };
}

function codeOfSqlite(sqliteCode: string): StoreErrorCode | null {
  if (sqliteCode === 'SQLITE_FULL') return 'disk_full';
  if (sqliteCode.startsWith('SQLITE_READONLY') || sqliteCode.startsWith('SQLITE_PERM')) return 'read_only';
  if (sqliteCode === 'SQLITE_NOTADB' || sqliteCode.startsWith('SQLITE_CORRUPT')) return 'corrupt';
  if (sqliteCode.startsWith('SQLITE_BUSY') || sqliteCode.startsWith('SQLITE_LOCKED')) return 'locked';
  if (sqliteCode.startsWith('SQLITE_IOERR') || sqliteCode.startsWith('SQLITE_CANTOPEN')) return 'io_error';
  if (sqliteCode === 'SQLITE_CONSTRAINT_PRIMARYKEY' || sqliteCode === 'SQLITE_CONSTRAINT_UNIQUE') return 'exists';
  if (sqliteCode.startsWith('SQLITE_CONSTRAINT') || sqliteCode === 'SQLITE_TOOBIG') return 'invalid';
  // SQL the store got wrong is a bug and stays a throw; anything else comes from the environment.
  if (sqliteCode === 'SQLITE_ERROR' || sqliteCode === 'SQLITE_MISUSE' || sqliteCode === 'SQLITE_RANGE') return null;
  return 'io_error';
}

const HINTS: Partial<Record<StoreErrorCode, string>> = {
  disk_full: 'free disk space (or raise the size cap); data of this write was not stored',
  read_only: 'the data dir or database file is not writable',
  corrupt: 'the database file is damaged; restore it from a backup or move it away',
  locked: 'another liveprop server is probably using the same data dir',
  io_error: 'the operating system reported an I/O error',
};

/** Maps an error thrown by better-sqlite3 or a stored-data decoder to a failure; returns `null` for anything else. */
export function storeFailureOf(err: unknown, what: string): { ok: false; code: StoreErrorCode; message: string } | null {
  if (err instanceof Database.SqliteError) {
    const code = codeOfSqlite(err.code);
    if (code === null) return null;
    const hint = HINTS[code];
    return failure(code, `${what}: ${err.message} (${err.code})${hint === undefined ? '' : `; ${hint}`}`);
  }
  if (err instanceof StoredDataError) return failure('corrupt', `${what}: stored data is damaged: ${err.message}`);
  return null;
}

/** File-system error codes that mean "you may not write here". */
export function isNotWritableErrno(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
}
