import { EPOCH_COLUMNS, EPOCH_LOG_STRIDE } from '@liveprop/core';
import { METRIC_COLUMNS, type MetricColumn } from '@liveprop/protocol';

/** One metric column in memory: row `i` is `data[base + i * stride]`; a null accuracy reads NaN. */
export interface ColumnView {
  readonly data: Float64Array;
  readonly base: number;
  readonly stride: number;
}

/** Metric columns wherever they live: one Float64Array each (a decoded store chunk) or packed rows (the history). */
export type MetricTable<C extends MetricColumn = MetricColumn> = Readonly<Record<C, ColumnView>>;

/** A table over one Float64Array per column. */
export function tableOfColumns<C extends MetricColumn>(cols: Readonly<Record<C, Float64Array>>): MetricTable<C> {
  const table = {} as Record<C, ColumnView>;
  for (const c of Object.keys(cols) as C[]) table[c] = { data: cols[c], base: 0, stride: 1 };
  return table;
}

/** Where each metric sits in a row packed as core's `PackedEpochs` (which packs a null accuracy as NaN). */
const PACKED_SLOT = Object.fromEntries(METRIC_COLUMNS.map((c) => {
  const slot = (EPOCH_COLUMNS as readonly string[]).indexOf(c);
  if (slot < 0) throw new Error(`metric ${c} has no slot in core's packed epochs (${EPOCH_COLUMNS.join(', ')})`);
  return [c, slot];
})) as Record<MetricColumn, number>;

/** A table over rows packed {@link EPOCH_LOG_STRIDE} numbers each, as a worker's tick carries them. */
export function tableOfRows(rows: Float64Array): MetricTable {
  const table = {} as Record<MetricColumn, ColumnView>;
  for (const c of METRIC_COLUMNS) table[c] = { data: rows, base: PACKED_SLOT[c], stride: EPOCH_LOG_STRIDE };
  return table;
}
