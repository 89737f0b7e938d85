import {
  ACTIVATION_NAMES,
  FEATURE_NAMES,
  MT19937,
  OPTIMIZER_KINDS,
  type ActivationName,
  type BiasConfig,
  type DatasetConfig,
  type ExperimentConfig,
  type FeatureName,
  type InitConfig,
  type LayerConfig,
  type LayerWeights,
  type LossName,
  type OptimizerConfig,
  type RegularizationConfig,
} from '@liveprop/core';

/**
 * Random experiment configs that use every field of core's `ExperimentConfig`: every union member, every optional
 * field both present and absent, values across each field's range. Seeded, so a failure names a reproducible config.
 */
export class RandomConfigs {
  private readonly rng: MT19937;

  constructor(seed: number) {
    this.rng = new MT19937(seed);
  }

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.rng.random() * (hi - lo + 1));
  }

  private real(lo: number, hi: number): number {
    return lo + this.rng.random() * (hi - lo);
  }

  private coin(): boolean {
    return this.rng.random() < 0.5;
  }

  private pick<T>(options: readonly T[]): T {
    return options[this.int(0, options.length - 1)]!;
  }

  next(): ExperimentConfig {
    const { dataset, inputs, outputs, task } = this.dataset();
    const hidden = Array.from({ length: this.int(0, 3) }, () => this.layer(this.pick(ACTIVATION_NAMES.filter((a) => a !== 'softmax'))));
    const { layer: output, loss } = this.output(outputs, task);
    const layers = [...hidden, output];
    const config: ExperimentConfig = {
      seed: this.int(0, 2 ** 32 - 1),
      dataset,
      network: { inputs, layers, init: this.init() },
      training: {
        loss,
        reduction: this.pick(['sum', 'mean'] as const),
        optimizer: this.optimizer(),
        batchSize: this.int(0, 64),
        regularization: this.regularization(),
        shuffle: this.coin(),
      },
    };
    if (this.coin()) config.name = `run ${this.int(0, 999)}`;
    if (this.rng.random() < 0.25) config.network.weights = this.weights(inputs, layers);
    return config;
  }

  private dataset(): { dataset: DatasetConfig; inputs: number; outputs: number; task: 'binary' | 'multiclass' | 'regression' } {
    const kind = this.pick(['xor', 'circle', 'gauss', 'spiral', 'moons', 'plane', 'regressGauss', 'csv', 'fixed'] as const);
    const base = { kind, samples: this.int(8, 200), noise: this.real(0, 1), testFraction: this.real(0, 0.9), seed: this.int(0, 2 ** 32 - 1) };
    if (kind === 'fixed') {
      const rows = this.int(1, 6);
      const width = this.int(1, 3);
      const outputs = this.int(1, 2);
      const matrix = (cols: number): number[][] => Array.from({ length: rows }, () => Array.from({ length: cols }, () => this.real(-2, 2)));
      return { dataset: { ...base, fixed: { inputs: matrix(width), targets: matrix(outputs) } }, inputs: width, outputs, task: 'regression' };
    }
    if (kind === 'csv') {
      const lines = Array.from({ length: this.int(4, 12) }, (_, i) => `${this.real(-1, 1)},${this.real(-1, 1)},${i % 2}`);
      return { dataset: { ...base, csv: `a,b,label\n${lines.join('\n')}\n` }, inputs: 2, outputs: 1, task: 'binary' };
    }
    const dataset: DatasetConfig = { ...base };
    let inputs = 2;
    if (this.coin()) {
      const features = FEATURE_NAMES.filter(() => this.coin());
      dataset.features = features.length > 0 ? features : (['x1x2'] satisfies FeatureName[]);
      inputs = dataset.features.length;
    }
    if (kind === 'plane' || kind === 'regressGauss') return { dataset, inputs, outputs: 1, task: 'regression' };
    if ((kind === 'gauss' || kind === 'spiral') && this.coin()) {
      dataset.classes = this.int(2, 5);
      if (dataset.classes > 2) return { dataset, inputs, outputs: dataset.classes, task: 'multiclass' };
    } else if (this.rng.random() < 0.2) {
      dataset.classes = 2;
    }
    return { dataset, inputs, outputs: 1, task: 'binary' };
  }

  private output(units: number, task: 'binary' | 'multiclass' | 'regression'): { layer: LayerConfig; loss: LossName } {
    if (task === 'multiclass' && this.coin()) return { layer: this.layer('softmax', units), loss: 'categoricalCrossEntropy' };
    if (task === 'binary' && this.coin()) return { layer: this.layer('sigmoid', units), loss: 'binaryCrossEntropy' };
    const activation = this.pick(ACTIVATION_NAMES.filter((a) => a !== 'softmax' || units > 1));
    return { layer: this.layer(activation, units), loss: 'squaredError' };
  }

  private layer(activation: ActivationName, units = this.int(1, 6)): LayerConfig {
    return { units, activation, bias: this.bias() };
  }

  private bias(): BiasConfig {
    const kind = this.pick(['perNeuron', 'none', 'shared'] as const);
    return kind === 'shared' ? { kind, value: this.real(-1, 1), trainable: this.coin() } : { kind };
  }

  private init(): InitConfig {
    switch (this.pick(['uniform', 'normal', 'xavier', 'he', 'constant', 'numpyRandom'] as const)) {
      case 'uniform': {
        const low = this.real(-3, 1);
        return { kind: 'uniform', low, high: low + this.real(0, 2) };
      }
      case 'normal':
        return { kind: 'normal', mean: this.real(-1, 1), std: this.real(0, 2) };
      case 'xavier':
        return { kind: 'xavier' };
      case 'he':
        return { kind: 'he' };
      case 'constant':
        return { kind: 'constant', value: this.real(-2, 2) };
      case 'numpyRandom':
        return this.coin() ? { kind: 'numpyRandom' } : { kind: 'numpyRandom', scaleByFanIn: this.coin() };
    }
  }

  private optimizer(): OptimizerConfig {
    const learningRate = this.real(1e-4, 5);
    switch (this.pick(OPTIMIZER_KINDS)) {
      case 'sgd':
        return { kind: 'sgd', learningRate };
      case 'momentum': {
        const momentum = this.real(0, 0.99);
        return this.coin() ? { kind: 'momentum', learningRate, momentum } : { kind: 'momentum', learningRate, momentum, nesterov: this.coin() };
      }
      case 'adam':
        return { kind: 'adam', learningRate, beta1: this.real(0, 0.99), beta2: this.real(0.9, 0.9999), epsilon: this.real(1e-10, 1e-3) };
    }
  }

  private regularization(): RegularizationConfig {
    const kind = this.pick(['none', 'l1', 'l2'] as const);
    return kind === 'none' ? { kind } : { kind, rate: this.real(0, 0.1) };
  }

  private weights(inputs: number, layers: readonly LayerConfig[]): LayerWeights[] {
    let fanIn = inputs;
    return layers.map((layer) => {
      const weights = Array.from({ length: layer.units }, () => Array.from({ length: fanIn }, () => this.real(-1, 1)));
      const biasLength = layer.bias.kind === 'perNeuron' ? layer.units : layer.bias.kind === 'shared' ? 1 : 0;
      fanIn = layer.units;
      return { weights, bias: Array.from({ length: biasLength }, () => this.real(-1, 1)) };
    });
  }
}
