/**
 * Writing metric chunks: append in batches, cut a session's history at an epoch, copy it into a fork.
 * Callers run these inside a transaction; SQLite errors propagate as thrown `SqliteError`s.
 */
import { PackedEpochs, type EpochBatch } from '@liveprop/core';
import { chunkRow } from './metricChunk.js';
import type { Statements } from './statements.js';
import { decodeStoredChunk, encodeStoredChunk } from './storedChunk.js';
import { failure, success } from './storeErrors.js';
import type { EpochMetricsRow, StoreResult } from './types.js';

/** Epochs per chunk: big enough that per-row overhead vanishes, small enough that a range read decodes little. */
export const MAX_CHUNK_EPOCHS = 4096;

function fieldProblem(row: EpochMetricsRow): string | null {
  if (typeof row.epoch !== 'number') return `epoch ${String(row.epoch)}`;
  if (typeof row.trainLoss !== 'number') return `trainLoss ${String(row.trainLoss)}`;
  if (typeof row.testLoss !== 'number') return `testLoss ${String(row.testLoss)}`;
  if (typeof row.learningRate !== 'number') return `learningRate ${String(row.learningRate)}`;
  if (typeof row.epochMs !== 'number') return `epochMs ${String(row.epochMs)}`;
  if (row.trainAccuracy !== null && typeof row.trainAccuracy !== 'number') return `trainAccuracy ${String(row.trainAccuracy)}`;
  if (row.testAccuracy !== null && typeof row.testAccuracy !== 'number') return `testAccuracy ${String(row.testAccuracy)}`;
  return null;
}

/**
 * Checks field types (of records; packed epochs hold numbers only), and that epochs are safe integers, strictly
 * increasing and all after `lastEpoch`; answers the epochs packed, as the chunk encoder reads them.
 */
export function validateEpochs(epochs: EpochBatch, lastEpoch: number | null): StoreResult<PackedEpochs> {
  if (!(epochs instanceof PackedEpochs)) {
    for (let i = 0; i < epochs.length; i++) {
      const problem = fieldProblem(epochs[i]!);
      if (problem !== null) return failure('invalid', `expected numbers in epoch ${i} of the batch, got ${problem}`);
    }
  }
  const packed = PackedEpochs.of(epochs);
  let previous = lastEpoch;
  for (let i = 0; i < packed.length; i++) {
    const epoch = packed.epoch(i);
    if (!Number.isSafeInteger(epoch) || epoch < 0) {
      return failure('invalid', `expected epoch ${i} of the batch to be a non-negative integer, got ${epoch}`);
    }
    if (previous !== null && epoch <= previous) {
      return failure('invalid', `expected epochs after ${previous}, got ${epoch} at index ${i} of the batch`);
    }
    previous = epoch;
  }
  return success(packed);
}

/** One `metric_chunks` row to insert. */
export interface ChunkCell {
  firstEpoch: number;
  lastEpoch: number;
  count: number;
  data: Buffer;
}

/** `epochs` (already validated) as chunk rows of at most `MAX_CHUNK_EPOCHS` epochs. */
export function chunkCells(epochs: PackedEpochs, compress: boolean): ChunkCell[] {
  const cells: ChunkCell[] = [];
  for (let start = 0; start < epochs.length; start += MAX_CHUNK_EPOCHS) {
    const end = Math.min(start + MAX_CHUNK_EPOCHS, epochs.length);
    const chunk = epochs.subarray(start, end);
    cells.push({ firstEpoch: chunk.epoch(0), lastEpoch: chunk.epoch(chunk.length - 1), count: chunk.length, data: encodeStoredChunk(chunk, compress) });
  }
  return cells;
}

/** Appends `epochs` (already validated) as chunks of at most `MAX_CHUNK_EPOCHS`. */
export function insertEpochs(stmts: Statements, id: string, epochs: PackedEpochs, compress: boolean): void {
  for (const c of chunkCells(epochs, compress)) stmts.insertChunk.run(id, c.firstEpoch, c.lastEpoch, c.count, c.data);
}

/** The epochs of a stored chunk cell at or before `epoch`, and how many it holds after it. */
export function splitChunkAt(cell: Uint8Array, epoch: number): { kept: PackedEpochs; dropped: number } {
  const chunk = decodeStoredChunk(cell);
  const kept: EpochMetricsRow[] = [];
  for (let i = 0; i < chunk.count; i++) {
    const r = chunkRow(chunk, i);
    if (r.epoch <= epoch) kept.push(r);
  }
  return { kept: PackedEpochs.of(kept), dropped: chunk.count - kept.length };
}

/** The rows of the chunk that holds `epoch` and later ones, keeping only those `<= epoch`. */
function rowsOfStraddlingChunk(stmts: Statements, id: string, epoch: number): {
  firstEpoch: number;
  kept: PackedEpochs;
  dropped: number;
} | null {
  const row = stmts.straddlingChunk.get(id, epoch, epoch);
  if (row === undefined) return null;
  return { firstEpoch: row.first_epoch, ...splitChunkAt(row.data, epoch) };
}

/** Deletes every stored epoch after `epoch`; returns how many were deleted. */
export function truncateEpochsAfter(stmts: Statements, id: string, epoch: number, compress: boolean): number {
  let dropped = 0;
  const straddling = rowsOfStraddlingChunk(stmts, id, epoch);
  if (straddling !== null) {
    stmts.deleteChunk.run(id, straddling.firstEpoch);
    if (straddling.kept.length > 0) insertEpochs(stmts, id, straddling.kept, compress);
    dropped += straddling.dropped;
  }
  dropped += stmts.countChunksAfter.get(id, epoch) ?? 0;
  stmts.deleteChunksAfter.run(id, epoch);
  return dropped;
}

/** Copies `srcId`'s epochs `<= uptoEpoch` to `dstId`, sharing nothing (whole chunks are copied as bytes). */
export function copyEpochsUpTo(stmts: Statements, srcId: string, dstId: string, uptoEpoch: number, compress: boolean): void {
  stmts.copyChunksUpTo.run(dstId, srcId, uptoEpoch);
  const straddling = rowsOfStraddlingChunk(stmts, srcId, uptoEpoch);
  if (straddling !== null && straddling.kept.length > 0) insertEpochs(stmts, dstId, straddling.kept, compress);
}
