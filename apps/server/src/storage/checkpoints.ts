/**
 * Checkpoints (weights + optimizer state): JSON values or raw bytes, newest few kept per session.
 */
import { toJsonText } from './sessionRows.js';
import type { Statements } from './statements.js';
import { parseStoredJson } from './storedDataError.js';
import { failure, success } from './storeErrors.js';
import type { CheckpointInput, StoredCheckpoint, StoreResult } from './types.js';

/** Inserts `checkpoint` and deletes all but the newest `keep`. Run inside a transaction. */
export function saveAndPrune(stmts: Statements, id: string, checkpoint: CheckpointInput, keep: number): StoreResult<void> {
  const { epoch, seq, data } = checkpoint;
  if (!Number.isSafeInteger(epoch) || epoch < 0 || !Number.isSafeInteger(seq) || seq < 0) {
    return failure('invalid', `expected checkpoint epoch and seq to be non-negative integers, got ${epoch} and ${seq}`);
  }
  let bytes: Buffer;
  let binary: number;
  if (ArrayBuffer.isView(data)) {
    bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    binary = 1;
  } else {
    const json = toJsonText(data, 'checkpoint data');
    if (!json.ok) return failure('invalid', json.message);
    bytes = Buffer.from(json.text, 'utf8');
    binary = 0;
  }
  stmts.insertCheckpoint.run(id, epoch, seq, binary, bytes, Date.now());
  stmts.pruneCheckpoints.run(id, id, keep);
  return success(undefined);
}

/** The newest checkpoint of `id`, decoded, or `null`. */
export function loadLatest(stmts: Statements, id: string): StoredCheckpoint | null {
  const row = stmts.latestCheckpoint.get(id);
  if (row === undefined) return null;
  const data = row.is_binary === 1 ? row.data : parseStoredJson(row.data.toString('utf8'), `checkpoint of session ${id}`);
  return { epoch: row.epoch, seq: row.seq, data, createdAt: row.created_at };
}
