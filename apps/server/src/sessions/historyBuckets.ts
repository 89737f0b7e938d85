import { byMetric, METRIC_SERIES, type HistoryMessage } from '@liveprop/protocol';
import { tableOfColumns, type MetricTable } from './metricTable.js';

/** Metric columns by name; a null accuracy is NaN. Both the in-memory history and decoded store chunks look like this. */
export type HistoryColumns = Readonly<Record<'epoch' | (typeof METRIC_SERIES)[number], Float64Array>>;

const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Min/max buckets over `count` consecutive rows fed in epoch order, at most `resolution` of them, each holding the
 * same number of rows (±1) — the one downsampling behind [R12] joins, `requestHistory` and `metrics.json` ([R23]).
 * Min and max rather than a mean, so a one-epoch spike stays visible however far the chart is zoomed out.
 * Rows past `count` are ignored and a short feed ends with a partial last bucket, so a history cut while it is
 * being read yields a smaller answer, never a wrong one.
 */
export class HistoryBucketer {
  private readonly buckets: number;
  private readonly msg: HistoryMessage;
  private seen = 0;
  private bucket = 0;
  private bucketEnd: number;
  private bucketStartEpoch = -1;
  private lastEpoch = -1;
  /** Per series `[min, max]` of the open bucket. */
  private readonly extremes = new Float64Array(METRIC_SERIES.length * 2);

  constructor(sessionId: string, from: number, to: number, private readonly count: number, resolution: number) {
    this.buckets = Math.min(count, Math.max(1, resolution));
    this.bucketEnd = this.endOf(0);
    this.msg = {
      type: 'history', sessionId, from, to, count, full: this.buckets === count, start: [], end: [],
      series: byMetric(METRIC_SERIES, () => ({ min: [], max: [] })),
    };
  }

  /** Index one past the last row of bucket `b`. */
  private endOf(b: number): number {
    return this.buckets === 0 ? 0 : Math.floor(((b + 1) * this.count) / this.buckets);
  }

  /** Feeds rows `first <= i < end` of `cols`; they must all lie in the range and follow the rows fed before. */
  add(cols: HistoryColumns, first: number, end: number): void {
    this.addFrom(tableOfColumns(cols), first, end);
  }

  /** {@link add} from columns laid out anywhere (the history's packed rows). */
  addFrom(table: MetricTable<keyof HistoryColumns>, first: number, end: number): void {
    const e = this.extremes;
    const series = METRIC_SERIES.map((name) => table[name]);
    const epochs = table.epoch;
    const epochAt = (i: number): number => epochs.data[epochs.base + i * epochs.stride]!;
    let i = first;
    // One bucket's share of the rows at a time, series by series: tight loops over one column each.
    while (i < end && this.seen < this.count) {
      const stop = Math.min(end, i + this.bucketEnd - this.seen);
      if (this.bucketStartEpoch < 0) {
        this.bucketStartEpoch = epochAt(i);
        e.fill(Infinity);
        for (let s = 1; s < e.length; s += 2) e[s] = -Infinity;
      }
      for (let s = 0; s < series.length; s++) {
        const { data, base, stride } = series[s]!;
        let min = e[2 * s]!;
        let max = e[2 * s + 1]!;
        for (let o = base + i * stride, last = base + stop * stride; o < last; o += stride) {
          const v = data[o]!;
          if (v < min) min = v;
          if (v > max) max = v;
        }
        e[2 * s] = min;
        e[2 * s + 1] = max;
      }
      this.lastEpoch = epochAt(stop - 1);
      this.seen += stop - i;
      i = stop;
      if (this.seen === this.bucketEnd) this.closeBucket();
    }
  }

  private closeBucket(): void {
    const { msg, extremes: e } = this;
    msg.start.push(this.bucketStartEpoch);
    msg.end.push(this.lastEpoch);
    for (let s = 0; s < METRIC_SERIES.length; s++) {
      const series = msg.series[METRIC_SERIES[s]!];
      series.min.push(orNull(e[2 * s]!));
      series.max.push(orNull(e[2 * s + 1]!));
    }
    this.bucketStartEpoch = -1;
    this.bucketEnd = this.endOf(++this.bucket);
  }

  /** The `history` answer; counts what was actually fed when fewer rows came than announced. */
  finish(): HistoryMessage {
    if (this.bucketStartEpoch >= 0) this.closeBucket();
    if (this.seen < this.count) {
      this.msg.count = this.seen;
      this.msg.full = this.msg.start.length === this.seen;
    }
    return this.msg;
  }
}
