import { EPOCH_COLUMNS, type EpochColumn, type EpochMetrics } from '@liveprop/core';

/**
 * Every per-epoch metric, in the one order used everywhere: core's packed epochs (its `EPOCH_COLUMNS`, this very
 * list), `metrics` frames, `metrics.csv`, the server's in-memory history and its stored chunks — so reordering it
 * changes the stored format. Adding a metric to core's `EpochMetrics` fails to compile until it is listed there.
 */
export const METRIC_COLUMNS = EPOCH_COLUMNS;

export type MetricColumn = EpochColumn;

/** The metrics a chart plots and a `history` answer buckets (min/max per bucket), in their order. */
export const METRIC_SERIES = ['trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy', 'learningRate'] as const satisfies readonly MetricColumn[];

export type MetricSeries = (typeof METRIC_SERIES)[number];

type Unlisted = Exclude<keyof EpochMetrics, MetricColumn>;
/** Fails to compile, naming the field, when `EpochMetrics` has a field `METRIC_COLUMNS` does not list. */
export const EVERY_METRIC_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;

/** `{ [name]: value }` for each name: the shape of a schema or record over a list of metrics. */
export function byMetric<K extends string, V>(names: readonly K[], value: (name: K) => V): { [P in K]: V } {
  return Object.fromEntries(names.map((name) => [name, value(name)])) as { [P in K]: V };
}
