/** One layer of a {@link StepTrace}: plain nested arrays, JSON-able. Matrices are `[outputs][inputs]`, batch data `[sample][unit]`. */
export interface LayerTrace {
  /** The layer's input for each sample (the previous layer's `a`, or the network inputs). */
  inputs: number[][];
  /** Pre-activation `z = W·input + b`. */
  z: number[][];
  /** Activation `a = f(z)`. */
  a: number[][];
  /** `δ = ∂L/∂z` per sample, with the loss reduction applied. */
  delta: number[][];
  weights: number[][];
  bias: number[];
  /** `∂L/∂W` summed over the batch, regularization included. */
  dW: number[][];
  /** `∂L/∂b`; empty for no bias. Reported even when a shared bias is frozen. */
  db: number[];
  /** What the optimizer adds to the weights (`weightsAfter − weights`). */
  weightsUpdate: number[][];
  biasUpdate: number[];
  weightsAfter: number[][];
  biasAfter: number[];
}

/** The true dimensions of a step trace, whatever part of it is kept: weights are `[outputs][inputs]`. */
export interface TraceDims {
  /** Rows of the batch. */
  samples: number;
  layers: { inputs: number; outputs: number }[];
}

/** Options of {@link Trainer.traceStep}. */
export interface TraceOptions {
  /**
   * Keep the top-left `window`×`window` of every matrix and the first `window` entries of every vector and of the
   * sample list (default: everything). The step itself still runs on the whole batch; only what is copied out is cut,
   * so a wide network's trace costs memory for the window, not for every cell.
   */
  window?: number;
}

/** The tutorials' view of one optimizer step, computed without changing the trainer. */
export interface StepTrace {
  epoch: number;
  /** The true dimensions; arrays hold less when a {@link TraceOptions.window} cut them. */
  size: TraceDims;
  /** Training-set row indices in the batch. */
  samples: number[];
  inputs: number[][];
  targets: number[][];
  outputs: number[][];
  /** Each sample's data loss (e.g. `Σ ½(a−y)²` over its outputs). */
  lossPerSample: number[];
  /** Reduced batch loss (`sum` or `mean`) plus the regularization penalty: what the step minimises. */
  loss: number;
  learningRate: number;
  layers: LayerTrace[];
}

/** Options of {@link Trainer.snapshot}. */
export interface SnapshotOptions {
  /** Decision-surface grid size (default 50, 0 = none, at most `LIMITS.maxSurfaceGrid`). Needs 2-D data. */
  grid?: number;
  /** Per-neuron thumbnail grid size (default 0 = none, at most `LIMITS.maxSurfaceGrid`). Needs 2-D data. */
  thumbnailGrid?: number;
}
