import { EPOCH_LOG_STRIDE as STRIDE, PackedEpochs, type EpochBatch, type EpochMetrics } from '@liveprop/core';
import { METRIC_COLUMNS as COLUMNS, type HistoryMessage, type MetricColumn as Column } from '@liveprop/protocol';
import { HistoryBucketer } from './historyBuckets.js';
import { tableOfColumns, tableOfRows, type MetricTable } from './metricTable.js';

/** Epochs a session holds in memory; older ones are dropped here and read from the store when asked for. */
export const HISTORY_MAX_EPOCHS = 2_000_000;

/** Rows a history starts with; it doubles as epochs come, so a session with few epochs holds little. */
const INITIAL_ROWS = 16;

/** Rows `start..end-1` of metric columns as CSV lines; NaN (a null accuracy) is an empty cell. */
export function csvLines(cols: Readonly<Record<Column, Float64Array>>, start: number, end: number): string {
  return csvTableLines(tableOfColumns(cols), start, end);
}

function csvTableLines(table: MetricTable, start: number, end: number): string {
  const views = COLUMNS.map((c) => table[c]);
  let text = '';
  for (let i = start; i < end; i++) {
    for (let c = 0; c < views.length; c++) {
      const { data, base, stride } = views[c]!;
      const v = data[base + i * stride]!;
      text += (c === 0 ? '' : ',') + (Number.isNaN(v) ? '' : String(v));
    }
    text += '\n';
  }
  return text;
}

/**
 * Every epoch's metrics of one session, lossless, as core packs a worker's tick ({@link STRIDE} numbers a row, a null
 * accuracy as NaN), so a tick is appended with one copy rather than spread over columns (~15 ns an xor epoch, 2.5 % of
 * its training). Epochs are strictly increasing; reset and rollback truncate. Past `maxEpochs` the oldest tenth is
 * dropped.
 */
export class MetricHistory {
  private rows: Float64Array;
  private length = 0;
  private dropped = 0;

  constructor(private readonly maxEpochs = HISTORY_MAX_EPOCHS) {
    this.rows = new Float64Array(INITIAL_ROWS * STRIDE);
  }

  /** Gives back the room grown ahead of need: a hibernated session holds its epochs and no more ([R39]). */
  compact(): void {
    const rows = Math.max(INITIAL_ROWS, this.length);
    if (rows !== this.capacity) this.reallocate(rows);
  }

  private get capacity(): number {
    return this.rows.length / STRIDE;
  }

  private reallocate(rows: number): void {
    const next = new Float64Array(rows * STRIDE);
    next.set(this.rows.subarray(0, this.length * STRIDE));
    this.rows = next;
  }

  private epochAt(i: number): number {
    return this.rows[i * STRIDE]!;
  }

  get count(): number {
    return this.length;
  }

  /** Epochs dropped from the front because of the memory cap. */
  get droppedCount(): number {
    return this.dropped;
  }

  /** Appends epochs in order; one at or before the last held cuts the history back first (reset, rollback). */
  append(batch: EpochBatch): void {
    const epochs = PackedEpochs.of(batch);
    let from = 0;
    while (from < epochs.length) {
      // Up to the next epoch that goes back, room allowing: a tick's epochs go up, so this is usually all of them.
      if (this.length > 0 && epochs.epoch(from) <= this.lastEpoch) this.truncateFrom(epochs.epoch(from));
      if (this.length === this.maxEpochs) this.dropOldest(Math.ceil(this.maxEpochs / 10));
      const end = Math.min(this.risingEnd(epochs, from), from + this.maxEpochs - this.length);
      if (this.length + end - from > this.capacity) this.reallocate(this.grownCapacity(this.length + end - from));
      this.rows.set(epochs.data.subarray(from * STRIDE, end * STRIDE), this.length * STRIDE);
      this.length += end - from;
      from = end;
    }
  }

  /** The capacity after doubling until `rows` fit, at most the cap. */
  private grownCapacity(rows: number): number {
    let capacity = this.capacity;
    while (capacity < rows) capacity *= 2;
    return Math.min(this.maxEpochs, capacity);
  }

  /** The end of the run of strictly rising epochs that starts at `from`. */
  private risingEnd(epochs: PackedEpochs, from: number): number {
    let end = from + 1;
    while (end < epochs.length && epochs.epoch(end) > epochs.epoch(end - 1)) end++;
    return end;
  }

  /** The last epoch held, or -1 when empty. */
  get lastEpoch(): number {
    return this.length === 0 ? -1 : this.epochAt(this.length - 1);
  }

  /** Every held epoch at or before `epoch`, as records (a fork's copy of its source's history). */
  rowsUpTo(epoch: number): EpochMetrics[] {
    const end = this.lowerBound(epoch + 1, 0, this.length);
    return new PackedEpochs(this.rows.subarray(0, end * STRIDE)).records();
  }

  /** Keeps only epochs before `epoch` (reset, rollback). */
  truncateFrom(epoch: number): void {
    this.length = this.lowerBound(epoch, 0, this.length);
  }

  private dropOldest(n: number): void {
    this.rows.copyWithin(0, n * STRIDE, this.length * STRIDE);
    this.length -= n;
    this.dropped += n;
  }

  /** First index whose epoch is `>= epoch`. */
  private lowerBound(epoch: number, lo: number, hi: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.epochAt(mid) < epoch) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Epochs `from..to` in at most `resolution` buckets, each with the min and max of every series
   * (min/max keeps spikes visible on a chart, unlike averaging) ([R12]).
   */
  downsample(sessionId: string, from: number, to: number, resolution: number): HistoryMessage {
    const lo = this.lowerBound(from, 0, this.length);
    const hi = this.lowerBound(to + 1, lo, this.length);
    const bucketer = new HistoryBucketer(sessionId, from, to, hi - lo, resolution);
    bucketer.addFrom(tableOfRows(this.rows), lo, hi);
    return bucketer.finish();
  }

  /**
   * Whether every epoch from `epoch` on is held: none dropped by the memory cap, nor left in the store by a restore
   * (a history that does not start at epoch 1 lacks its beginning).
   */
  holdsFrom(epoch: number): boolean {
    if (this.length === 0) return this.dropped === 0;
    return this.epochAt(0) <= Math.max(epoch, 1);
  }

  /** The first epoch held, or -1 when empty. */
  get firstEpoch(): number {
    return this.length === 0 ? -1 : this.epochAt(0);
  }

  /** The held epochs `from..to` as CSV lines (no header), in chunks of `rowsPerChunk` rows. */
  *csvChunks(from: number, to: number, rowsPerChunk = 5000): Generator<string> {
    const end = this.lowerBound(to + 1, 0, this.length);
    for (let start = this.lowerBound(from, 0, end); start < end; start += rowsPerChunk) {
      yield csvTableLines(tableOfRows(this.rows), start, Math.min(end, start + rowsPerChunk));
    }
  }
}
