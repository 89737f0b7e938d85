/** What the targets mean: one 0/1 output, one-hot over `classes` outputs, or real values. */
export type TaskKind = 'binary' | 'multiclass' | 'regression';

/** `[xMin, xMax, yMin, yMax]` of the raw 2-D plane the data lives in. */
export type Extent = [xMin: number, xMax: number, yMin: number, yMax: number];

/** One split of a dataset, row-major in flat typed arrays. */
export interface Samples {
  count: number;
  /** Network inputs, `[count][inputDim]`. */
  x: Float64Array;
  /** Targets, `[count][outputDim]`: 0/1 for binary, one-hot for multiclass, values for regression. */
  y: Float64Array;
  /** Raw 2-D coordinates before feature transforms, `[count][2]`; length 0 when the data is not 2-D. */
  points: Float64Array;
}

/** A ready-to-train dataset: both splits plus what the dashboard needs to draw it. */
export interface Dataset {
  inputDim: number;
  outputDim: number;
  task: TaskKind;
  /** Number of classes: 2 for binary, k for multiclass, 0 for regression. */
  classes: number;
  train: Samples;
  test: Samples;
  /** One name per input column (`x1`, `x1Squared`, …, or the CSV header). */
  featureNames: string[];
  /** The raw 2-D plane to draw, or `null` when the data is not 2-D. */
  extent: Extent | null;
  /**
   * Maps a raw 2-D point to the network's input features (for the decision surface grid),
   * writing `inputDim` values into `out`. Only meaningful when `extent` is not `null`.
   */
  features(px: number, py: number, out: Float64Array): void;
}
