/**
 * Writing metric chunks in PostgreSQL: insert a batch as chunk rows in one statement, cut a history at an epoch,
 * copy a history into a fork. Callers run these inside a transaction.
 */
import { chunkCells, splitChunkAt } from '../metricsWrite.js';
import type { ChunkRow } from '../statements.js';
import type { PackedEpochs } from '@liveprop/core';
import type { Queryable } from './pgContext.js';

/** Appends `epochs` (already validated) as chunks. */
export async function insertChunks(q: Queryable, id: string, epochs: PackedEpochs, compress: boolean): Promise<void> {
  if (epochs.length === 0) return;
  const cells = chunkCells(epochs, compress);
  await q.query(
    `INSERT INTO metric_chunks (session_id, first_epoch, last_epoch, count, data)
     SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::int[], $5::bytea[])`,
    [id, cells.map((c) => c.firstEpoch), cells.map((c) => c.lastEpoch), cells.map((c) => c.count), cells.map((c) => c.data)],
  );
}

/** The chunk of `id` holding `epoch` and later ones, split at `epoch`, or null. */
async function straddling(q: Queryable, id: string, epoch: number): Promise<{ firstEpoch: number; kept: PackedEpochs; dropped: number } | null> {
  const row = (await q.query<ChunkRow>('SELECT first_epoch, data FROM metric_chunks WHERE session_id = $1 AND first_epoch <= $2 AND last_epoch > $2', [id, epoch])).rows[0];
  return row === undefined ? null : { firstEpoch: row.first_epoch, ...splitChunkAt(row.data, epoch) };
}

/** Deletes every stored epoch of `id` after `epoch`; answers how many were deleted. */
export async function truncateChunksAfter(q: Queryable, id: string, epoch: number, compress: boolean): Promise<number> {
  let dropped = 0;
  const cut = await straddling(q, id, epoch);
  if (cut !== null) {
    await q.query('DELETE FROM metric_chunks WHERE session_id = $1 AND first_epoch = $2', [id, cut.firstEpoch]);
    await insertChunks(q, id, cut.kept, compress);
    dropped += cut.dropped;
  }
  const after = await q.query<{ n: number }>(
    'WITH gone AS (DELETE FROM metric_chunks WHERE session_id = $1 AND first_epoch > $2 RETURNING count) SELECT coalesce(sum(count), 0)::bigint AS n FROM gone',
    [id, epoch],
  );
  return dropped + after.rows[0]!.n;
}

/** Copies `srcId`'s epochs `<= uptoEpoch` to `dstId` (whole chunks as bytes, the cut one re-encoded). */
export async function copyChunksUpTo(q: Queryable, srcId: string, dstId: string, uptoEpoch: number, compress: boolean): Promise<void> {
  await q.query(
    `INSERT INTO metric_chunks (session_id, first_epoch, last_epoch, count, data)
     SELECT $1, first_epoch, last_epoch, count, data FROM metric_chunks WHERE session_id = $2 AND last_epoch <= $3`,
    [dstId, srcId, uptoEpoch],
  );
  const cut = await straddling(q, srcId, uptoEpoch);
  if (cut !== null) await insertChunks(q, dstId, cut.kept, compress);
}
