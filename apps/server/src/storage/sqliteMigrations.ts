/**
 * The SQLite schema as its migrations, and the runner that applies them (each step one transaction, with
 * `PRAGMA user_version` set inside it, so a crash mid-upgrade leaves the file at the last finished version).
 */
import type Database from 'better-sqlite3';
import { latestVersion, pendingMigrations, type Migration } from './migrations.js';
import { FOLD_BATCH, foldName } from './sessionQuery.js';

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    to: 1,
    why: 'sessions, their event log, metric chunks and checkpoints',
    sql: `
CREATE TABLE sessions (
  id              TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  config          TEXT NOT NULL,
  edit_token_hash TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  parent_id       TEXT REFERENCES sessions(id) ON DELETE SET NULL,
  fork_epoch      INTEGER,
  status          TEXT NOT NULL DEFAULT 'paused',
  epoch           INTEGER NOT NULL DEFAULT 0,
  seq             INTEGER NOT NULL DEFAULT 0,
  extra           TEXT NOT NULL DEFAULT 'null',
  storage_error   TEXT
);
CREATE TABLE events (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  idx        INTEGER NOT NULL,
  epoch      INTEGER NOT NULL,
  body       TEXT NOT NULL,
  PRIMARY KEY (session_id, idx)
) WITHOUT ROWID;
CREATE INDEX events_by_epoch ON events (session_id, epoch);
CREATE TABLE metric_chunks (
  session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  first_epoch INTEGER NOT NULL,
  last_epoch  INTEGER NOT NULL,
  count       INTEGER NOT NULL,
  data        BLOB NOT NULL,
  PRIMARY KEY (session_id, first_epoch)
);
CREATE TABLE checkpoints (
  id         INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  epoch      INTEGER NOT NULL,
  seq        INTEGER NOT NULL,
  is_binary  INTEGER NOT NULL,
  data       BLOB NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX checkpoints_by_session ON checkpoints (session_id, id);
`,
  },
  {
    to: 2,
    why: "drop `extra` (never written by the server) and status 'finished' (never set; the protocol has no such status)",
    sql: `
ALTER TABLE sessions DROP COLUMN extra;
UPDATE sessions SET status = 'paused' WHERE status NOT IN ('running', 'paused', 'diverged');
`,
  },
  {
    to: 3,
    why: 'fencing token: an owner claims a session with a higher number; writes under an older one are refused',
    sql: 'ALTER TABLE sessions ADD COLUMN fence INTEGER NOT NULL DEFAULT 0;',
  },
  {
    to: 4,
    why: "a session's last encoded snapshot (a join of a hibernated session shows it at once) and the lobby's newest-first index",
    sql: `
CREATE TABLE snapshots (
  session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  epoch      INTEGER NOT NULL,
  data       BLOB NOT NULL
);
CREATE INDEX sessions_by_created ON sessions (created_at DESC, id);
`,
  },
  {
    to: 5,
    why: "the name as the lobby search compares it, folded in JavaScript (SQLite's lower() folds ASCII only); no index: a substring search scans",
    sql: 'ALTER TABLE sessions ADD COLUMN name_folded TEXT;',
    foldsNames: true,
  },
];

export const SQLITE_SCHEMA_VERSION = latestVersion(SQLITE_MIGRATIONS);

/** Takes `db` from schema version `from` to `to` (default: the latest), one transaction per step. */
export function migrateSqlite(db: Database.Database, from: number, to = SQLITE_SCHEMA_VERSION, migrations = SQLITE_MIGRATIONS): void {
  for (const step of pendingMigrations(migrations, from, to)) {
    db.transaction(() => {
      db.exec(step.sql);
      if (step.foldsNames) foldStoredNames(db);
      db.pragma(`user_version = ${step.to}`);
    })();
  }
}

/** Fills `name_folded` of every session, `FOLD_BATCH` rows at a time in id order. */
function foldStoredNames(db: Database.Database): void {
  const batch = db.prepare<[string, number], { id: string; name: string }>('SELECT id, name FROM sessions WHERE id > ? ORDER BY id LIMIT ?');
  const fill = db.prepare<[string, string]>('UPDATE sessions SET name_folded = ? WHERE id = ?');
  for (let rows = batch.all('', FOLD_BATCH); rows.length > 0; rows = batch.all(rows.at(-1)!.id, FOLD_BATCH)) {
    for (const row of rows) fill.run(foldName(row.name), row.id);
  }
}
