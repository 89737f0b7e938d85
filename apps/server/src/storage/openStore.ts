/**
 * Opens (or creates) the session store in a data directory, refusing files it cannot safely use.
 */
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ensureSchema, SCHEMA_VERSION } from './schema.js';
import { SqliteStore } from './sqliteStore.js';
import { failure, isNotWritableErrno, storeFailureOf, success } from './storeErrors.js';
import type { OpenStoreOptions, Store, StoreErrorCode, StoreResult } from './types.js';

export const DEFAULT_DB_FILE = 'liveprop.db';

/**
 * Creates `dir` if needed and proves it and the database file writable. Root ignores permission bits, so only a real
 * write (or open for writing) tells; SQLite itself would fall back to read-only and fail later with a vaguer error.
 */
function prepareDir(dir: string, path: string): StoreResult<void> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = isNotWritableErrno(err) ? 'read_only' : 'io_error';
    return failure(code, `cannot create data dir ${dir}: ${(err as Error).message}`);
  }
  const probe = join(dir, `.liveprop-write-probe-${process.pid}`);
  try {
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (err) {
    const code = isNotWritableErrno(err) ? 'read_only' : 'io_error';
    return failure(code, `data dir ${dir} is not writable: ${(err as Error).message}; set LIVEPROP_DATA to a writable directory`);
  }
  if (!existsSync(path)) return success(undefined);
  try {
    closeSync(openSync(path, 'r+'));
  } catch (err) {
    const code = isNotWritableErrno(err) ? 'read_only' : 'io_error';
    return failure(code, `database file ${path} cannot be opened for writing: ${(err as Error).message}`);
  }
  return success(undefined);
}

function configure(db: Database.Database, options: OpenStoreOptions, path: string): StoreResult<void> {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') return failure('io_error', `expected ${path} to switch to WAL journal mode, got ${String(mode)}`);
  // NORMAL in WAL mode: a commit survives a killed process; only power loss may drop the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  if (options.maxBytes !== undefined) {
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxBytes / pageSize))}`);
  }
  // SQLite silently falls back to read-only when the file (not the dir) refuses writes; a header write finds out now.
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
  return success(undefined);
}

/**
 * Opens the store in `dir` (created if missing), file `options.fileName` (default `liveprop.db`).
 * Never throws: a corrupt or foreign file, a newer schema, a read-only dir or a second server on the same dir
 * come back as `{ok:false, code, message}` with a message meant for the operator.
 */
export function openStore(dir: string, options: OpenStoreOptions = {}): StoreResult<Store> {
  const opened = openStoreIn(dir, options);
  return opened.ok ? opened : advised(opened);
}

/** What an operator can do about a store that does not open, for messages that do not say it already. */
const ADVICE: Partial<Record<StoreErrorCode, string>> = {
  foreign_db: 'move it away or set LIVEPROP_DATA to another directory',
  locked: 'stop the other server or set LIVEPROP_DATA to another directory',
  read_only: 'make it writable or set LIVEPROP_DATA to a writable directory',
  disk_full: 'free space on that disk or set LIVEPROP_DATA to a directory on another disk',
  io_error: 'check the disk, or set LIVEPROP_DATA to another directory',
};

function advised(result: { ok: false; code: StoreErrorCode; message: string }): { ok: false; code: StoreErrorCode; message: string } {
  const advice = ADVICE[result.code];
  if (advice === undefined || result.message.includes('LIVEPROP_DATA')) return result;
  return { ...result, message: `${result.message}; ${advice}` };
}

function openStoreIn(dir: string, options: OpenStoreOptions): StoreResult<Store> {
  const absDir = resolve(dir);
  const path = join(absDir, options.fileName ?? DEFAULT_DB_FILE);
  const keep = options.keepCheckpoints ?? 3;
  if (!Number.isSafeInteger(keep) || keep < 1) {
    return failure('invalid', `expected keepCheckpoints to be a positive integer, got ${keep}`);
  }
  const ready = prepareDir(absDir, path);
  if (!ready.ok) return ready;
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { timeout: 0 });
    if (options.exclusive ?? true) db.pragma('locking_mode = EXCLUSIVE');
    const schema = ensureSchema(db, path);
    const configured = schema.ok ? configure(db, options, path) : schema;
    if (!configured.ok) {
      db.close();
      return configured;
    }
    return success(new SqliteStore(db, path, keep, options.compressMetrics ?? true));
  } catch (err) {
    try {
      db?.close();
    } catch {
      // Closing a handle that failed to open has nothing left to report.
    }
    const result = storeFailureOf(err, `open ${path}`);
    if (result === null) return failure('io_error', `open ${path}: ${(err as Error).message}`);
    if (result.code === 'disk_full') {
      return failure('disk_full', `cannot open ${path}: the disk is full (${(err as Error).message})`);
    }
    if (result.code === 'corrupt') {
      return failure('corrupt', `${path} is not a readable SQLite database (${(err as Error).message}); move it away or restore a backup — it was not modified`);
    }
    return result;
  }
}
