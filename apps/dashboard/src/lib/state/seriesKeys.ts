import { METRIC_SERIES, type MetricSeries } from '@liveprop/protocol';

/** The per-epoch numbers a chart can plot: protocol's list. */
export const SERIES_KEYS = METRIC_SERIES;
export type SeriesKey = MetricSeries;

/** One plotted point; `x` is the epoch. */
export interface SeriesPoint {
  x: number;
  y: number;
}
