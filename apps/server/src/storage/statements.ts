/**
 * Every SQL statement of the store, prepared once per connection.
 */
import type Database from 'better-sqlite3';

export interface SessionRow {
  id: string;
  name: string;
  config: string;
  edit_token_hash: string;
  created_at: number;
  updated_at: number;
  parent_id: string | null;
  fork_epoch: number | null;
  status: string;
  epoch: number;
  seq: number;
  storage_error: string | null;
}

export type SummaryRow = Omit<SessionRow, 'config'>;

export interface ChunkRow {
  first_epoch: number;
  last_epoch: number;
  count: number;
  data: Buffer;
}

export interface CheckpointRow {
  epoch: number;
  seq: number;
  is_binary: number;
  data: Buffer;
  created_at: number;
}

/** The prepared statements; each is typed with its parameters and row shape. */
export interface Statements {
  /** id, name, name folded (`foldName`), config, … */
  insertSession: Database.Statement<[string, string, string, string, string, number, number, string | null, number | null, string, number]>;
  getSession: Database.Statement<[string], SessionRow>;
  sessionExists: Database.Statement<[string], number>;
  sessionFence: Database.Statement<[string], number>;
  claimSession: Database.Statement<[number | null, string, number | null, number | null], number>;
  listSessions: Database.Statement<[], SummaryRow>;
  renameSession: Database.Statement<[string, string, number, string]>;
  deleteSession: Database.Statement<[string]>;
  updateState: Database.Statement<[string, number, number, string, number, string]>;
  setStorageError: Database.Statement<[string | null, string]>;
  nextEventIdx: Database.Statement<[string], number>;
  insertEvent: Database.Statement<[string, number, number, string]>;
  listEvents: Database.Statement<[string], string>;
  copyEvents: Database.Statement<[string, string, number]>;
  lastChunk: Database.Statement<[string], ChunkRow>;
  insertChunk: Database.Statement<[string, number, number, number, Buffer]>;
  chunksInRange: Database.Statement<[string, number, number], ChunkRow>;
  chunksAfter: Database.Statement<[string, number, number], ChunkRow>;
  chunkSpansInRange: Database.Statement<[string, number, number], Omit<ChunkRow, 'data'>>;
  chunksInRangeAfter: Database.Statement<[string, number, number, number, number], ChunkRow>;
  chunkStartingAt: Database.Statement<[string, number], ChunkRow>;
  metricsCount: Database.Statement<[string], number>;
  straddlingChunk: Database.Statement<[string, number, number], ChunkRow>;
  deleteChunk: Database.Statement<[string, number]>;
  deleteChunksAfter: Database.Statement<[string, number]>;
  countChunksAfter: Database.Statement<[string, number], number>;
  copyChunksUpTo: Database.Statement<[string, string, number]>;
  insertCheckpoint: Database.Statement<[string, number, number, number, Buffer, number]>;
  pruneCheckpoints: Database.Statement<[string, string, number]>;
  latestCheckpoint: Database.Statement<[string], CheckpointRow>;
  copyLatestCheckpointUpTo: Database.Statement<[string, string, number]>;
}

/** Prepares the store's statements on `db` (schema must exist). */
export function prepareStatements(db: Database.Database): Statements {
  return {
    insertSession: db.prepare<
      [string, string, string, string, string, number, number, string | null, number | null, string, number]
    >(
      `INSERT INTO sessions (id, name, name_folded, config, edit_token_hash, created_at, updated_at, parent_id, fork_epoch, status, epoch, fence)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
    ),
    getSession: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?'),
    sessionExists: db.prepare<[string], number>('SELECT 1 FROM sessions WHERE id = ?').pluck(),
    sessionFence: db.prepare<[string], number>('SELECT fence FROM sessions WHERE id = ?').pluck(),
    claimSession: db
      .prepare<[number | null, string, number | null, number | null], number>(
        'UPDATE sessions SET fence = coalesce(?, fence + 1) WHERE id = ? AND (? IS NULL OR fence <= ?) RETURNING fence',
      )
      .pluck(),
    listSessions: db.prepare<[], SummaryRow>(
      `SELECT id, name, edit_token_hash, created_at, updated_at, parent_id, fork_epoch, status, epoch, seq,
              storage_error FROM sessions ORDER BY created_at DESC, id`,
    ),
    renameSession: db.prepare<[string, string, number, string]>('UPDATE sessions SET name = ?, name_folded = ?, updated_at = ? WHERE id = ?'),
    deleteSession: db.prepare<[string]>('DELETE FROM sessions WHERE id = ?'),
    updateState: db.prepare<[string, number, number, string, number, string]>(
      `UPDATE sessions SET status = ?, epoch = ?, seq = ?, config = ?, updated_at = ? WHERE id = ?`,
    ),
    setStorageError: db.prepare<[string | null, string]>('UPDATE sessions SET storage_error = ? WHERE id = ?'),

    nextEventIdx: db
      .prepare<[string], number>('SELECT coalesce(max(idx), -1) + 1 FROM events WHERE session_id = ?')
      .pluck(),
    insertEvent: db.prepare<[string, number, number, string]>(
      'INSERT INTO events (session_id, idx, epoch, body) VALUES (?, ?, ?, ?)',
    ),
    listEvents: db
      .prepare<[string], string>('SELECT body FROM events WHERE session_id = ? ORDER BY idx')
      .pluck(),
    copyEvents: db.prepare<[string, string, number]>(
      `INSERT INTO events (session_id, idx, epoch, body)
       SELECT ?, idx, epoch, body FROM events WHERE session_id = ? AND epoch <= ?`,
    ),

    lastChunk: db.prepare<[string], ChunkRow>(
      'SELECT first_epoch, last_epoch, count, data FROM metric_chunks WHERE session_id = ? ORDER BY first_epoch DESC LIMIT 1',
    ),
    insertChunk: db.prepare<[string, number, number, number, Buffer]>(
      'INSERT INTO metric_chunks (session_id, first_epoch, last_epoch, count, data) VALUES (?, ?, ?, ?, ?)',
    ),
    chunksInRange: db.prepare<[string, number, number], ChunkRow>(
      `SELECT first_epoch, last_epoch, count, data FROM metric_chunks
       WHERE session_id = ? AND last_epoch >= ? AND first_epoch <= ? ORDER BY first_epoch`,
    ),
    chunksAfter: db.prepare<[string, number, number], ChunkRow>(
      `SELECT first_epoch, last_epoch, count, data FROM metric_chunks
       WHERE session_id = ? AND first_epoch > ? ORDER BY first_epoch LIMIT ?`,
    ),
    chunkSpansInRange: db.prepare<[string, number, number], Omit<ChunkRow, 'data'>>(
      `SELECT first_epoch, last_epoch, count FROM metric_chunks
       WHERE session_id = ? AND last_epoch >= ? AND first_epoch <= ? ORDER BY first_epoch`,
    ),
    chunksInRangeAfter: db.prepare<[string, number, number, number, number], ChunkRow>(
      `SELECT first_epoch, last_epoch, count, data FROM metric_chunks
       WHERE session_id = ? AND last_epoch >= ? AND first_epoch <= ? AND first_epoch > ? ORDER BY first_epoch LIMIT ?`,
    ),
    chunkStartingAt: db.prepare<[string, number], ChunkRow>(
      'SELECT first_epoch, last_epoch, count, data FROM metric_chunks WHERE session_id = ? AND first_epoch = ?',
    ),
    metricsCount: db
      .prepare<[string], number>('SELECT coalesce(sum(count), 0) FROM metric_chunks WHERE session_id = ?')
      .pluck(),
    /** The chunk holding `epoch` with epochs after it, if any. */
    straddlingChunk: db.prepare<[string, number, number], ChunkRow>(
      `SELECT first_epoch, last_epoch, count, data FROM metric_chunks
       WHERE session_id = ? AND first_epoch <= ? AND last_epoch > ?`,
    ),
    deleteChunk: db.prepare<[string, number]>('DELETE FROM metric_chunks WHERE session_id = ? AND first_epoch = ?'),
    deleteChunksAfter: db.prepare<[string, number]>(
      'DELETE FROM metric_chunks WHERE session_id = ? AND first_epoch > ?',
    ),
    countChunksAfter: db
      .prepare<[string, number], number>(
        'SELECT coalesce(sum(count), 0) FROM metric_chunks WHERE session_id = ? AND first_epoch > ?',
      )
      .pluck(),
    copyChunksUpTo: db.prepare<[string, string, number]>(
      `INSERT INTO metric_chunks (session_id, first_epoch, last_epoch, count, data)
       SELECT ?, first_epoch, last_epoch, count, data FROM metric_chunks WHERE session_id = ? AND last_epoch <= ?`,
    ),

    insertCheckpoint: db.prepare<[string, number, number, number, Buffer, number]>(
      'INSERT INTO checkpoints (session_id, epoch, seq, is_binary, data, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    pruneCheckpoints: db.prepare<[string, string, number]>(
      `DELETE FROM checkpoints WHERE session_id = ? AND id NOT IN
         (SELECT id FROM checkpoints WHERE session_id = ? ORDER BY id DESC LIMIT ?)`,
    ),
    latestCheckpoint: db.prepare<[string], CheckpointRow>(
      'SELECT epoch, seq, is_binary, data, created_at FROM checkpoints WHERE session_id = ? ORDER BY id DESC LIMIT 1',
    ),
    copyLatestCheckpointUpTo: db.prepare<[string, string, number]>(
      `INSERT INTO checkpoints (session_id, epoch, seq, is_binary, data, created_at)
       SELECT ?, epoch, seq, is_binary, data, created_at FROM checkpoints
       WHERE session_id = ? AND epoch <= ? ORDER BY id DESC LIMIT 1`,
    ),
  };
}
