/**
 * The contract of @liveprop/core: configuration, live changes, metrics and snapshots.
 * Server, protocol and dashboard code against these types; change them only with care.
 */

export type ActivationName = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'linear' | 'softmax';
export type LossName = 'squaredError' | 'binaryCrossEntropy' | 'categoricalCrossEntropy';
export type Reduction = 'sum' | 'mean';

/** `perNeuron`: one trained bias per neuron. `none`: no bias. `shared`: one bias for the whole layer (Mazur), `trainable` says whether it learns. */
export type BiasConfig =
  | { kind: 'perNeuron' }
  | { kind: 'none' }
  | { kind: 'shared'; value: number; trainable: boolean };

export type InitConfig =
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'normal'; mean: number; std: number }
  | { kind: 'xavier' }
  | { kind: 'he' }
  | { kind: 'constant'; value: number }
  /**
   * NumPy's `np.random.seed(seed); np.random.random((inputs, outputs))` per layer, in layer order (punnen-xor).
   * `scaleByFanIn` multiplies by `sqrt(2 / inputs)` as cavar-xor does.
   */
  | { kind: 'numpyRandom'; scaleByFanIn?: boolean };

export type OptimizerConfig =
  | { kind: 'sgd'; learningRate: number }
  | { kind: 'momentum'; learningRate: number; momentum: number; nesterov?: boolean }
  | { kind: 'adam'; learningRate: number; beta1: number; beta2: number; epsilon: number };

export type RegularizationConfig = { kind: 'none' } | { kind: 'l1' | 'l2'; rate: number };

export interface LayerConfig {
  units: number;
  activation: ActivationName;
  bias: BiasConfig;
}

/** Explicit weights for one layer: `weights[outputs][inputs]`, `bias[outputs]` (or `[1]` for a shared bias). */
export interface LayerWeights {
  weights: number[][];
  bias: number[];
}

export interface NetworkConfig {
  inputs: number;
  /** Hidden layers then the output layer. */
  layers: LayerConfig[];
  init: InitConfig;
  /** When present, overrides `init` layer by layer (tutorial weights, imported models). */
  weights?: LayerWeights[];
}

export interface TrainingConfig {
  loss: LossName;
  reduction: Reduction;
  optimizer: OptimizerConfig;
  /** Samples per update; `0` means full batch. */
  batchSize: number;
  regularization: RegularizationConfig;
  /** Shuffle the training set each epoch (off for the tutorials, which go in order). */
  shuffle: boolean;
}

export type DatasetKind = 'xor' | 'circle' | 'gauss' | 'spiral' | 'moons' | 'plane' | 'regressGauss' | 'csv' | 'fixed';
export type FeatureName = 'x1' | 'x2' | 'x1Squared' | 'x2Squared' | 'x1x2' | 'sinX1' | 'sinX2';

export interface DatasetConfig {
  kind: DatasetKind;
  /** Total points generated (train + test) for generated kinds. */
  samples: number;
  /** 0..1, scales the generator's noise. */
  noise: number;
  /** 0..0.9, share of points held out for test. */
  testFraction: number;
  seed: number;
  /** Input features computed from the raw 2-D point; default `['x1','x2']`. Ignored for `csv` and `fixed`. */
  features?: FeatureName[];
  /** Classes for spiral/gauss multi-class variants; default 2 (binary, one sigmoid output). */
  classes?: number;
  /** CSV text for kind `csv`: numeric columns, last column the label, optional header row. */
  csv?: string;
  /** Literal samples for kind `fixed` (the tutorials): `inputs[n][inputDim]`, `targets[n][outputDim]`, all used for training. */
  fixed?: { inputs: number[][]; targets: number[][] };
}

export interface ExperimentConfig {
  name?: string;
  /** Seed of the RNG used for init and shuffling. */
  seed: number;
  dataset: DatasetConfig;
  network: NetworkConfig;
  training: TrainingConfig;
}

/**
 * A change applied between two steps without reset. Layer indices count the layers of `NetworkConfig.layers` (0 = first hidden).
 * Topology and activation edits keep the network's outputs where the math allows; with `keepOutput` one that would
 * change them is refused (`output_change`, saying how the loss would move) instead of applied.
 */
export type Change =
  | { what: 'learningRate'; value: number }
  | { what: 'optimizer'; value: OptimizerConfig }
  | { what: 'batchSize'; value: number }
  | { what: 'activation'; layer: number; value: ActivationName; keepOutput?: boolean }
  | { what: 'loss'; value: LossName; reduction?: Reduction }
  | { what: 'regularization'; value: RegularizationConfig }
  | { what: 'addLayer'; index: number; units: number; activation: ActivationName; keepOutput?: boolean }
  | { what: 'removeLayer'; index: number; keepOutput?: boolean }
  | { what: 'addNeuron'; layer: number; keepOutput?: boolean }
  | { what: 'removeNeuron'; layer: number; neuron: number; keepOutput?: boolean }
  | { what: 'dataset'; value: DatasetConfig };

/** Untrusted input is answered with a result, never a throw. */
export type Result<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/** What a change did, for the event log: a compact human-readable before and after. */
export interface ChangeApplied {
  what: Change['what'];
  from: unknown;
  to: unknown;
  /** For topology and activation edits: what the edit did to the outputs. */
  output?: OutputEffect;
}

/** What an edit did to the network's outputs on the data (train and test rows). */
export interface OutputEffect {
  /** `exact`: the same outputs (within 1e-9 of their scale); `approximate`: within 1%; `changes`: more. */
  kind: 'exact' | 'approximate' | 'changes';
  /** Largest change of any output on any data row. */
  maxChange: number;
  /** Mean per-sample training loss before and after the edit. */
  lossBefore: number;
  lossAfter: number;
}

export interface EpochMetrics {
  /** 1-based number of the epoch just completed. */
  epoch: number;
  /**
   * Mean per-sample data loss (no regularization penalty) over the epoch's batches, each measured in
   * its forward pass just before its update — the running loss Keras reports, free to compute.
   */
  trainLoss: number;
  /** Mean per-sample data loss on the test split after the epoch; NaN when there is no test split. */
  testLoss: number;
  /** Fraction correct, or `null` for regression. */
  trainAccuracy: number | null;
  testAccuracy: number | null;
  learningRate: number;
  /** Wall time of this epoch's training, milliseconds. */
  epochMs: number;
}

export interface LayerSnapshot {
  inputs: number;
  outputs: number;
  activation: ActivationName;
  /** `[outputs][inputs]` row-major. */
  weights: Float64Array;
  /** `[outputs]`, `[1]` for a shared bias, empty for none. */
  bias: Float64Array;
  /** L2 norm of the last weight gradient of this layer. */
  gradientNorm: number;
}

export interface Snapshot {
  epoch: number;
  metrics: EpochMetrics | null;
  layers: LayerSnapshot[];
  /**
   * Present when the raw data is 2-D: the network's outputs over a `size`×`size` grid covering `extent`, one
   * `size*size` plane per output (`channels` of them: every class of a multi-class network), `[channels][size*size]`.
   * `values[row*size + col]` is at cell centre `x = xMin + (col+½)(xMax−xMin)/size`, `y = yMax − (row+½)(yMax−yMin)/size`
   * (row 0 on top, like an image).
   */
  surface?: { size: number; channels: number; extent: [xMin: number, xMax: number, yMin: number, yMax: number]; values: Float32Array };
  /** Per-neuron output over the same grid at `size`×`size`, one array per layer (`[neurons][size*size]`), inputs first. */
  thumbnails?: { size: number; layers: Float32Array[] };
}
