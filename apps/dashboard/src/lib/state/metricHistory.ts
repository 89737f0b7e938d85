import type { EpochMetrics } from '@liveprop/core';
import { addToBucket, emptyBucket, mergeBuckets, type Bucket } from './metricBuckets.js';
import { SERIES_KEYS, type SeriesKey, type SeriesPoint } from './seriesKeys.js';

/** A run of consecutive epochs given only by the min and max of each series (`null`: no finite value). */
export interface SeriesSummary {
  from: number;
  to: number;
  count: number;
  series: Record<SeriesKey, { min: number | null; max: number | null }>;
}

export interface MetricHistoryOptions {
  /** Epochs kept at full resolution. */
  recentCapacity?: number;
  /** Buckets kept for older epochs; when full, neighbours merge and each bucket covers twice the epochs. */
  maxBuckets?: number;
}

/**
 * Metric history with flat memory: the latest `recentCapacity` epochs at full resolution, everything older as
 * min/max buckets whose width doubles whenever `maxBuckets` is reached. Epochs arrive in order; repeats
 * (a resumed stream overlapping what we have) are ignored, skipped epochs are counted as gaps.
 */
export class MetricHistory {
  readonly recentCapacity: number;
  readonly maxBuckets: number;
  private recent: EpochMetrics[] = [];
  private buckets: Bucket[] = [];
  private pending: Bucket | null = null;
  private bucketWidth = 1;
  private lastEpoch = -Infinity;
  private gapCount = 0;
  private total = 0;
  /** Bumped on every change, so views redraw only when needed. */
  version = 0;

  constructor(options: MetricHistoryOptions = {}) {
    this.recentCapacity = options.recentCapacity ?? 2000;
    this.maxBuckets = options.maxBuckets ?? 1000;
    if (this.maxBuckets < 2 || this.maxBuckets % 2 !== 0) {
      throw new RangeError(`maxBuckets must be an even number ≥ 2, got ${this.maxBuckets}`);
    }
  }

  /** Last epoch held, or -Infinity when empty. */
  get lastHeldEpoch(): number {
    return this.lastEpoch;
  }

  /** Appends one epoch; returns false when it is not newer than the last one held. */
  append(m: EpochMetrics): boolean {
    if (m.epoch <= this.lastEpoch) return false;
    if (this.total > 0 && m.epoch > this.lastEpoch + 1) this.gapCount++;
    this.lastEpoch = m.epoch;
    this.total++;
    this.recent.push(m);
    // Evict in chunks so the array is not shifted once per epoch.
    const slack = Math.max(1, this.recentCapacity >> 3);
    if (this.recent.length >= this.recentCapacity + slack) {
      for (const old of this.recent.splice(0, this.recent.length - this.recentCapacity)) this.archive(old);
    }
    this.version++;
    return true;
  }

  /**
   * Appends an already-summarised run of epochs `[from, to]` (the server's downsampled history on join).
   * Only valid before any full-resolution epoch is held; returns false otherwise or when not newer.
   */
  appendSummary(summary: SeriesSummary): boolean {
    if (this.recent.length > 0 || this.pending || summary.from <= this.lastEpoch || summary.count < 1) return false;
    if (this.total > 0 && summary.from > this.lastEpoch + 1) this.gapCount++;
    const bucket = emptyBucket(summary.from);
    bucket.to = summary.to;
    bucket.count = summary.count;
    for (const key of SERIES_KEYS) {
      const { min, max } = summary.series[key];
      if (min === null || max === null) continue;
      bucket.series[key] = { min, minEpoch: summary.from, max, maxEpoch: summary.to };
    }
    this.buckets.push(bucket);
    if (this.buckets.length >= this.maxBuckets) this.halve();
    this.lastEpoch = summary.to;
    this.total += summary.count;
    this.version++;
    return true;
  }

  /**
   * Drops every epoch ≥ `epoch` (a reset or rollback on the server). A bucket that straddles the cut is kept
   * whole, since its min/max cannot be split.
   */
  truncateFrom(epoch: number): void {
    if (epoch > this.lastEpoch) return;
    const keptRecent = this.recent.filter((m) => m.epoch < epoch);
    let removed = this.recent.length - keptRecent.length;
    this.recent = keptRecent;
    if (this.pending && this.pending.from >= epoch) {
      removed += this.pending.count;
      this.pending = null;
    }
    const keptBuckets = this.buckets.filter((b) => b.from < epoch);
    for (let i = keptBuckets.length; i < this.buckets.length; i++) removed += this.buckets[i]!.count;
    this.buckets = keptBuckets;
    this.total = Math.max(0, this.total - removed);
    const last = this.recent.at(-1)?.epoch ?? this.pending?.to ?? this.buckets.at(-1)?.to;
    this.lastEpoch = last ?? -Infinity;
    this.version++;
  }

  /** Forgets everything (a session reset). */
  clear(): void {
    this.recent = [];
    this.buckets = [];
    this.pending = null;
    this.bucketWidth = 1;
    this.lastEpoch = -Infinity;
    this.gapCount = 0;
    this.total = 0;
    this.version++;
  }

  get latest(): EpochMetrics | undefined {
    return this.recent[this.recent.length - 1];
  }

  get firstEpoch(): number | undefined {
    return this.buckets[0]?.from ?? this.pending?.from ?? this.recent[0]?.epoch;
  }

  /** Epochs received, including those now held only as buckets. */
  get epochCount(): number {
    return this.total;
  }

  /** How many times an epoch arrived that did not follow the previous one. */
  get gaps(): number {
    return this.gapCount;
  }

  /** Plotted values held: full-resolution epochs plus two per bucket. */
  get heldPoints(): number {
    return this.recent.length + 2 * (this.buckets.length + (this.pending ? 1 : 0));
  }

  get width(): number {
    return this.bucketWidth;
  }

  /** The full-resolution window, oldest first. */
  recentEpochs(): readonly EpochMetrics[] {
    return this.recent;
  }

  /** Points of one series in epoch order: each bucket's min and max (in the order they happened), then the recent epochs. */
  series(key: SeriesKey): SeriesPoint[] {
    const out: SeriesPoint[] = [];
    const all = this.pending ? [...this.buckets, this.pending] : this.buckets;
    for (const b of all) {
      const e = b.series[key];
      if (e.min === Infinity) continue;
      if (e.minEpoch === e.maxEpoch) {
        out.push({ x: e.minEpoch, y: e.min });
      } else if (e.minEpoch < e.maxEpoch) {
        out.push({ x: e.minEpoch, y: e.min }, { x: e.maxEpoch, y: e.max });
      } else {
        out.push({ x: e.maxEpoch, y: e.max }, { x: e.minEpoch, y: e.min });
      }
    }
    for (const m of this.recent) {
      const v = m[key];
      if (v !== null && Number.isFinite(v)) out.push({ x: m.epoch, y: v });
    }
    return out;
  }

  private archive(m: EpochMetrics): void {
    this.pending ??= emptyBucket(m.epoch);
    addToBucket(this.pending, m);
    if (this.pending.count < this.bucketWidth) return;
    this.buckets.push(this.pending);
    this.pending = null;
    if (this.buckets.length >= this.maxBuckets) this.halve();
  }

  private halve(): void {
    const merged: Bucket[] = [];
    for (let i = 0; i + 1 < this.buckets.length; i += 2) {
      merged.push(mergeBuckets(this.buckets[i]!, this.buckets[i + 1]!));
    }
    this.buckets = merged;
    this.bucketWidth *= 2;
  }
}
