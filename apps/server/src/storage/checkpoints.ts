/**
 * Checkpoints (weights + optimizer state): JSON values or raw bytes, newest few kept per session.
 */
import { toJsonText } from './sessionRows.js';
import type { Statements } from './statements.js';
import { parseStoredJson } from './storedDataError.js';
import { failure, success } from './storeErrors.js';
import type { CheckpointInput, StoredCheckpoint, StoreResult } from './types.js';

/** A checkpoint's stored cell: raw bytes for a typed array or Buffer, UTF-8 JSON otherwise. */
export function checkpointCell(checkpoint: CheckpointInput): StoreResult<{ bytes: Buffer; binary: boolean }> {
  const { epoch, seq, data } = checkpoint;
  if (!Number.isSafeInteger(epoch) || epoch < 0 || !Number.isSafeInteger(seq) || seq < 0) {
    return failure('invalid', `expected checkpoint epoch and seq to be non-negative integers, got ${epoch} and ${seq}`);
  }
  if (ArrayBuffer.isView(data)) return success({ bytes: Buffer.from(data.buffer, data.byteOffset, data.byteLength), binary: true });
  const json = toJsonText(data, 'checkpoint data');
  if (!json.ok) return failure('invalid', json.message);
  return success({ bytes: Buffer.from(json.text, 'utf8'), binary: false });
}

/** A stored checkpoint row, decoded. */
export function checkpointOfRow(
  row: { epoch: number; seq: number; binary: boolean; data: Buffer; created_at: number },
  id: string,
): StoredCheckpoint {
  const data = row.binary ? row.data : parseStoredJson(row.data.toString('utf8'), `checkpoint of session ${id}`);
  return { epoch: row.epoch, seq: row.seq, data, createdAt: row.created_at };
}

/** Inserts `checkpoint` and deletes all but the newest `keep`. Run inside a transaction. */
export function saveAndPrune(stmts: Statements, id: string, checkpoint: CheckpointInput, keep: number): StoreResult<void> {
  const cell = checkpointCell(checkpoint);
  if (!cell.ok) return cell;
  stmts.insertCheckpoint.run(id, checkpoint.epoch, checkpoint.seq, cell.value.binary ? 1 : 0, cell.value.bytes, Date.now());
  stmts.pruneCheckpoints.run(id, id, keep);
  return success(undefined);
}

/** The newest checkpoint of `id`, decoded, or `null`. */
export function loadLatest(stmts: Statements, id: string): StoredCheckpoint | null {
  const row = stmts.latestCheckpoint.get(id);
  return row === undefined ? null : checkpointOfRow({ ...row, binary: row.is_binary === 1 }, id);
}
