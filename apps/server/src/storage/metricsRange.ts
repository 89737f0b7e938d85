/**
 * An epoch range of the stored metrics as column runs, for downsampling without loading the range into memory.
 */
import { METRIC_COLUMNS, type DecodedChunk } from './metricChunk.js';
import type { Statements } from './statements.js';
import { decodeStoredChunk } from './storedChunk.js';
import type { MetricColumnsRun } from './types.js';

/** Chunks fetched per query while streaming a range; bounds memory to about this many decoded chunks. */
const RANGE_CHUNKS_PER_QUERY = 4;

/** Index of the first row of a decoded chunk whose epoch is `>= epoch`. */
function firstAtOrAfter(epochs: Float64Array, epoch: number): number {
  let lo = 0;
  let hi = epochs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (epochs[mid]! < epoch) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The chunk's columns by name, null cells as NaN, with the rows that lie in `from..to`. */
export function runOf(chunk: DecodedChunk, from: number, to: number): MetricColumnsRun {
  const columns = {} as Record<(typeof METRIC_COLUMNS)[number], Float64Array>;
  for (let c = 0; c < METRIC_COLUMNS.length; c++) {
    const values = chunk.columns[c]!;
    const nulls = chunk.nulls[c];
    if (nulls) for (let i = 0; i < chunk.count; i++) if (nulls[i] === 1) values[i] = Number.NaN;
    columns[METRIC_COLUMNS[c]!] = values;
  }
  return { columns, first: firstAtOrAfter(columns.epoch, from), end: firstAtOrAfter(columns.epoch, to + 1) };
}

/** Epochs of a chunk inside `from..to` known from its row alone, or `null` when only decoding tells. */
export function spanCountInRange(span: { first_epoch: number; last_epoch: number; count: number }, from: number, to: number): number | null {
  if (span.first_epoch >= from && span.last_epoch <= to) return span.count;
  if (span.last_epoch - span.first_epoch + 1 === span.count) return Math.min(span.last_epoch, to) - Math.max(span.first_epoch, from) + 1;
  return null;
}

/**
 * How many stored epochs lie in `from..to`. Whole chunks count from their row alone; a chunk cut by the range is
 * counted by arithmetic when its epochs are consecutive (the usual case) and decoded otherwise.
 */
export function countEpochsInRange(stmts: Statements, id: string, from: number, to: number): number {
  let count = 0;
  for (const span of stmts.chunkSpansInRange.all(id, from, to)) {
    const counted = spanCountInRange(span, from, to);
    if (counted !== null) count += counted;
    else {
      const row = stmts.chunkStartingAt.get(id, span.first_epoch);
      if (row === undefined) continue;
      const run = runOf(decodeStoredChunk(row.data), from, to);
      count += run.end - run.first;
    }
  }
  return count;
}

/**
 * Yields the stored epochs `from..to` one chunk at a time, ascending. Like the CSV export, each query is finished
 * before the yield, so a consumer that pauses between runs never holds the connection from writers.
 */
export function* epochRangeRuns(stmts: Statements, id: string, from: number, to: number): Generator<MetricColumnsRun, void, undefined> {
  let after = -1;
  for (;;) {
    const rows = stmts.chunksInRangeAfter.all(id, from, to, after, RANGE_CHUNKS_PER_QUERY);
    if (rows.length === 0) return;
    for (const row of rows) {
      const run = runOf(decodeStoredChunk(row.data), from, to);
      if (run.end > run.first) yield run;
      after = row.first_epoch;
    }
  }
}
