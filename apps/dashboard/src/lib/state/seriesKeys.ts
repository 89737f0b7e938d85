/** The per-epoch numbers a chart can plot. */
export const SERIES_KEYS = ['trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy', 'learningRate'] as const;
export type SeriesKey = (typeof SERIES_KEYS)[number];

/** One plotted point; `x` is the epoch. */
export interface SeriesPoint {
  x: number;
  y: number;
}
