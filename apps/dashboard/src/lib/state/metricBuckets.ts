import type { EpochMetrics } from '@liveprop/core';
import { byMetric } from '@liveprop/protocol';
import { SERIES_KEYS, type SeriesKey } from './seriesKeys.js';

export interface Extremes {
  min: number;
  minEpoch: number;
  max: number;
  maxEpoch: number;
}

/** Min/max of every series over a run of consecutive epochs `[from, to]`. */
export interface Bucket {
  from: number;
  to: number;
  count: number;
  series: Record<SeriesKey, Extremes>;
}

function emptyExtremes(): Extremes {
  return { min: Infinity, minEpoch: 0, max: -Infinity, maxEpoch: 0 };
}

export function emptyBucket(from: number): Bucket {
  return {
    from,
    to: from,
    count: 0,
    series: byMetric(SERIES_KEYS, emptyExtremes),
  };
}

export function addToBucket(bucket: Bucket, m: EpochMetrics): void {
  bucket.to = m.epoch;
  bucket.count++;
  for (const key of SERIES_KEYS) {
    const v = m[key];
    if (v === null || !Number.isFinite(v)) continue;
    const e = bucket.series[key];
    if (v < e.min) { e.min = v; e.minEpoch = m.epoch; }
    if (v > e.max) { e.max = v; e.maxEpoch = m.epoch; }
  }
}

export function mergeBuckets(a: Bucket, b: Bucket): Bucket {
  const merged = emptyBucket(a.from);
  merged.to = b.to;
  merged.count = a.count + b.count;
  for (const key of SERIES_KEYS) {
    const ea = a.series[key];
    const eb = b.series[key];
    const e = merged.series[key];
    const minFromA = ea.min <= eb.min;
    e.min = minFromA ? ea.min : eb.min;
    e.minEpoch = minFromA ? ea.minEpoch : eb.minEpoch;
    const maxFromA = ea.max >= eb.max;
    e.max = maxFromA ? ea.max : eb.max;
    e.maxEpoch = maxFromA ? ea.maxEpoch : eb.maxEpoch;
  }
  return merged;
}

