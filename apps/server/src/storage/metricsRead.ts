/**
 * Reading metric chunks: epoch ranges as objects, and the whole history as CSV a few chunks at a time.
 */
import { chunkRow, METRIC_COLUMNS, type DecodedChunk } from './metricChunk.js';
import type { Statements } from './statements.js';
import { decodeStoredChunk } from './storedChunk.js';
import { storeFailureOf, StoreReadError } from './storeErrors.js';
import type { EpochMetricsRow } from './types.js';

/** Chunks fetched per query while streaming CSV; bounds memory to about this many decoded chunks. */
const CSV_CHUNKS_PER_QUERY = 4;

/** The header line of every metrics CSV, newline included: the store's export and `metrics.csv`. */
export const METRICS_CSV_HEADER = `${METRIC_COLUMNS.join(',')}\n`;

/** Stored epochs `from <= epoch <= to`, ascending. */
export function readEpochRange(stmts: Statements, id: string, from: number, to: number): EpochMetricsRow[] {
  return epochsOfChunks(stmts.chunksInRange.all(id, from, to), from, to);
}

/** The epochs `from <= epoch <= to` of chunk rows in epoch order. */
export function epochsOfChunks(rows: readonly { data: Uint8Array }[], from: number, to: number): EpochMetricsRow[] {
  const out: EpochMetricsRow[] = [];
  for (const row of rows) {
    const chunk = decodeStoredChunk(row.data);
    for (let i = 0; i < chunk.count; i++) {
      const epoch = chunk.columns[0]![i]!;
      if (epoch >= from && epoch <= to) out.push(chunkRow(chunk, i));
    }
  }
  return out;
}

function csvCell(chunk: DecodedChunk, column: number, i: number): string {
  return chunk.nulls[column]?.[i] === 1 ? '' : String(chunk.columns[column]![i]);
}

/** All lines of one decoded chunk as a single string. */
export function chunkCsvLines(chunk: DecodedChunk): string {
  const lines: string[] = new Array<string>(chunk.count);
  for (let i = 0; i < chunk.count; i++) {
    lines[i] =
      `${csvCell(chunk, 0, i)},${csvCell(chunk, 1, i)},${csvCell(chunk, 2, i)},${csvCell(chunk, 3, i)},` +
      `${csvCell(chunk, 4, i)},${csvCell(chunk, 5, i)},${csvCell(chunk, 6, i)}\n`;
  }
  return lines.join('');
}

/**
 * Yields the CSV header, then one string per stored chunk. Each query is short and finished before the yield, so
 * the connection stays free for writers while a consumer is slow (an open better-sqlite3 iterator would block them).
 */
export function* metricsCsvLines(stmts: Statements, id: string): Generator<string, void, undefined> {
  yield METRICS_CSV_HEADER;
  let after = -1;
  for (;;) {
    const rows = stmts.chunksAfter.all(id, after, CSV_CHUNKS_PER_QUERY);
    if (rows.length === 0) return;
    for (const row of rows) {
      yield chunkCsvLines(decodeStoredChunk(row.data));
      after = row.first_epoch;
    }
  }
}

/**
 * Wraps an export so that a closed store or a SQLite failure mid-way surfaces as a `StoreReadError` with a store
 * code (a Node stream built on it then emits that as its error) instead of a raw driver error.
 */
export function* failuresAsReadErrors<T>(
  lines: Iterator<T, void, undefined>,
  isOpen: () => boolean,
  what: string,
): Generator<T, void, undefined> {
  for (;;) {
    if (!isOpen()) throw new StoreReadError('closed', `${what}: the store closed mid-export`);
    let next: IteratorResult<T, void>;
    try {
      next = lines.next();
    } catch (err) {
      const result = storeFailureOf(err, what);
      if (result === null) throw err;
      throw new StoreReadError(result.code, result.message);
    }
    if (next.done === true) return;
    yield next.value;
  }
}
