import { afterEach, describe, expect, it, vi } from 'vitest';
import { Trainer, getPreset, type EpochMetrics, type ExperimentConfig } from '../index.js';
import type { TrainingState } from './state.js';

const ROWS = [[0.2, -1], [1.5, 0.3], [-0.7, 0.9], [0.1, 0.1], [-1.2, -0.4], [0.8, -0.6]];

function fixedConfig(targets: number[][], output: 'sigmoid' | 'linear', learningRate: number): ExperimentConfig {
  return {
    seed: 5,
    dataset: { kind: 'fixed', samples: ROWS.length, noise: 0, testFraction: 0, seed: 0, fixed: { inputs: ROWS, targets } },
    network: {
      inputs: 2,
      layers: [
        { units: 5, activation: 'tanh', bias: { kind: 'perNeuron' } },
        { units: targets[0]!.length, activation: output, bias: { kind: 'shared', value: 0.1, trainable: true } },
      ],
      init: { kind: 'xavier' },
    },
    training: { loss: 'squaredError', reduction: 'mean', optimizer: { kind: 'sgd', learningRate }, batchSize: 0, regularization: { kind: 'none' }, shuffle: false },
  };
}

const CONFIGS: Array<[string, () => ExperimentConfig]> = [
  ['mavicc-xor (binary)', () => getPreset('mavicc-xor')!],
  ['2-5-3 one-hot (multiclass)', () => fixedConfig(ROWS.map((_, r) => [0, 1, 2].map((c) => (r % 3 === c ? 1 : 0))), 'sigmoid', 2)],
  ['2-5-1 linear (regression)', () => fixedConfig(ROWS.map(([a, b]) => [a! * b! - 0.3]), 'linear', 0.1)],
];

/** Everything of a metrics record but its timing. */
const untimed = ({ epochMs: _, ...rest }: EpochMetrics): Omit<EpochMetrics, 'epochMs'> => rest;
const weightsOf = (trainer: Trainer): number[][] => trainer.snapshot({ grid: 0 }).layers.map((l) => [...l.weights, ...l.bias]);

/** `epochs` epochs one `runEpochs(1)` call each with a callback: the per-step path, never fused. */
function stepEpochs(trainer: Trainer, epochs: number): EpochMetrics[] {
  const out: EpochMetrics[] = [];
  for (let e = 0; e < epochs && !trainer.diverged; e++) out.push(...trainer.runEpochs(1, () => {}));
  return out;
}

describe('fused full-batch epochs on the default engine', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(CONFIGS)('runEpochs matches the per-step path bit for bit, metrics and weights: %s', (_, config) => {
    const fused = new Trainer(config());
    const stepped = new Trainer(config());
    expect(fused.backend).toBe('wasm');
    const a = fused.runEpochs(300);
    const b = stepEpochs(stepped, 300);
    expect(a.map(untimed)).toEqual(b.map(untimed));
    expect(weightsOf(fused)).toEqual(weightsOf(stepped));
    expect(fused.lastMetrics).toBe(a[299]);
    // One wasm call ran the first 256 epochs, so they share its mean time.
    expect(new Set(a.slice(0, 256).map((m) => m.epochMs)).size).toBe(1);
  });

  it.each(CONFIGS)('stepBatch and runEpochs(1) (one fused epoch a call) match the per-step path bit for bit: %s', (_, config) => {
    const stepped = new Trainer(config());
    const one = new Trainer(config());
    const reference = new Trainer(config());
    const a = Array.from({ length: 300 }, () => stepped.stepBatch()!);
    const b = Array.from({ length: 300 }, () => one.runEpochs(1)[0]!);
    const c = stepEpochs(reference, 300);
    expect(a.map(untimed)).toEqual(c.map(untimed));
    expect(b.map(untimed)).toEqual(c.map(untimed));
    expect(weightsOf(stepped)).toEqual(weightsOf(reference));
    expect(weightsOf(one)).toEqual(weightsOf(reference));
    expect(stepped.lastMetrics).toBe(a[299]);
    expect(a.every((m) => m.epochMs >= 0) && b.every((m) => m.epochMs >= 0)).toBe(true);
  });

  it('runFor returns exactly maxEpochs records in order, and at least one epoch on a zero budget', () => {
    const trainer = new Trainer(getPreset('mavicc-xor')!);
    const metrics = trainer.runFor(60_000, 1000);
    expect(metrics.map((m) => m.epoch)).toEqual(Array.from({ length: 1000 }, (_, k) => k + 1));
    expect(metrics.map(untimed)).toEqual(new Trainer(getPreset('mavicc-xor')!).runEpochs(1000).map(untimed));
    expect(trainer.runFor(0).length).toBeGreaterThanOrEqual(1);
  });

  it('stops at the diverging epoch like the per-step path, then rolls back to finite weights', () => {
    const config = (): ExperimentConfig => {
      const c = CONFIGS[2]![1]();
      c.training.optimizer = { kind: 'sgd', learningRate: 40 };
      c.training.reduction = 'sum';
      return c;
    };
    const fused = new Trainer(config());
    const stepped = new Trainer(config());
    const a = fused.runEpochs(500);
    const b = stepEpochs(stepped, 500);
    expect(fused.diverged).toBe(true);
    expect(a.length).toBeLessThan(500);
    expect(a.map(untimed)).toEqual(b.map(untimed));
    expect(Number.isFinite(a[a.length - 1]!.trainLoss)).toBe(false);
    expect(fused.runEpochs(5)).toEqual([]);
    expect(fused.rollback().ok).toBe(true);
    expect(weightsOf(fused).flat().every(Number.isFinite)).toBe(true);
  });

  it.each([
    ['runEpochs', (t: Trainer): unknown => t.runEpochs(300)],
    ['train', (t: Trainer): unknown => t.train(300)],
    ['stepBatch', (t: Trainer): unknown => Array.from({ length: 300 }, () => t.stepBatch())],
  ] as const)('%s saves a finite state only with the weights of the epoch it names', async (_, run) => {
    const fused = new Trainer(getPreset('mavicc-xor')!);
    // Past the 20 ms between finite copies, so the first fused run ends with one.
    await new Promise((resolve) => setTimeout(resolve, 30));
    run(fused);
    const rolled = fused.rollback();
    if (!rolled.ok) throw new Error(rolled.message);
    expect(rolled.value.epoch).toBeGreaterThan(0);
    const reference = new Trainer(getPreset('mavicc-xor')!);
    stepEpochs(reference, rolled.value.epoch);
    expect(weightsOf(fused)).toEqual(weightsOf(reference));
  });

  it('follows live changes between runs (learning rate, activation, added neuron) as the per-step path does', () => {
    const config = CONFIGS[1]![1];
    const fused = new Trainer(config());
    const stepped = new Trainer(config());
    const changes = [
      { what: 'learningRate', value: 0.5 },
      { what: 'activation', layer: 0, value: 'relu' },
      { what: 'addNeuron', layer: 0 },
      { what: 'activation', layer: 1, value: 'tanh' },
    ] as const;
    const a = fused.runEpochs(40);
    const b = stepEpochs(stepped, 40);
    for (const change of changes) {
      expect(fused.apply(change).ok && stepped.apply(change).ok).toBe(true);
      a.push(...fused.runEpochs(40));
      b.push(...stepEpochs(stepped, 40));
    }
    expect(a).toHaveLength(200);
    expect(a.map(untimed)).toEqual(b.map(untimed));
    expect(weightsOf(fused)).toEqual(weightsOf(stepped));
  });

  it('one-epoch calls follow every change between them (apply, a batch size that splits the epoch, rollback, reset) as the per-step path does', () => {
    // The last finite state is saved by wall time (every 20 ms), so under load the two trainers saved at different
    // epochs and rolled back to different ones (epoch 90 against 155, once). A clock that stands still saves neither
    // between the changes that save on their own, so both roll back to the same state.
    const frozen = performance.now();
    vi.spyOn(performance, 'now').mockImplementation(() => frozen);
    const config = (): ExperimentConfig => {
      const c = CONFIGS[2]![1]();
      c.training.reduction = 'sum';
      c.training.optimizer = { kind: 'sgd', learningRate: 0.02 };
      return c;
    };
    const fused = new Trainer(config());
    const stepped = new Trainer(config());
    const a: EpochMetrics[] = [];
    const b: EpochMetrics[] = [];
    const both = (act: (t: Trainer) => unknown): void => {
      expect(JSON.stringify(act(fused))).toEqual(JSON.stringify(act(stepped)));
    };
    const run = (epochs: number): void => {
      for (let e = 0; e < epochs && !fused.diverged; e++) {
        a.push(e % 2 === 0 ? fused.runEpochs(1)[0]! : fused.stepBatch()!);
        b.push(...stepEpochs(stepped, 1));
      }
    };
    run(30);
    both((t) => t.apply({ what: 'learningRate', value: 0.05 }));
    run(30);
    both((t) => t.apply({ what: 'activation', layer: 0, value: 'relu' }));
    run(30);
    both((t) => t.apply({ what: 'addNeuron', layer: 0 }));
    run(30);
    // Batches of 4 of 6 rows: two steps an epoch, so stepBatch ends an epoch every other call.
    both((t) => t.apply({ what: 'batchSize', value: 4 }));
    for (let e = 0; e < 20; e++) {
      let done: EpochMetrics | null = null;
      while (done === null) done = fused.stepBatch();
      a.push(done);
      b.push(...stepEpochs(stepped, 1));
    }
    both((t) => t.apply({ what: 'batchSize', value: 0 }));
    run(30);
    both((t) => t.apply({ what: 'learningRate', value: 40 }));
    run(40);
    expect(fused.diverged && stepped.diverged).toBe(true);
    both((t) => t.rollback());
    both((t) => t.apply({ what: 'learningRate', value: 0.01 }));
    run(30);
    both((t) => t.reset('replay'));
    run(30);
    both((t) => t.reset('reinit'));
    run(30);
    expect(a.map(untimed)).toEqual(b.map(untimed));
    expect(weightsOf(fused)).toEqual(weightsOf(stepped));
  });

  it('one-epoch calls bind the kernel again after another network rewrote its layer table, and train on as the per-step path does', () => {
    const fused = new Trainer(getPreset('mavicc-xor')!);
    const reference = new Trainer(getPreset('mavicc-xor')!);
    const a = [fused.stepBatch()!, fused.runEpochs(1)[0]!];
    // Another network through the same kernel set rewrites the table the bound kernel points into (and is declined:
    // its buffers live in another trainer's memory).
    const stateOf = (t: Trainer): TrainingState => (t as unknown as { state: TrainingState }).state;
    const other = stateOf(new Trainer(getPreset('mavicc-xor')!));
    expect(stateOf(fused).engine.tinyEpochs!.run(other.network.layers, other.trainWs, 4, 1, 1, 1, 'threshold')).toBe(0);
    a.push(fused.stepBatch()!);
    expect(stateOf(fused).engine.tinyEpochs!.run(other.network.layers, other.trainWs, 4, 1, 1, 1, 'threshold')).toBe(0);
    a.push(fused.runEpochs(1)[0]!, ...fused.runEpochs(3));
    expect(a.map(untimed)).toEqual(stepEpochs(reference, 7).map(untimed));
    expect(weightsOf(fused)).toEqual(weightsOf(reference));
  });

  it.each(CONFIGS)('train(n) ends where runEpochs(n) does, across its 256-epoch chunks, and returns the last record: %s', (_, config) => {
    const trained = new Trainer(config());
    const ran = new Trainer(config());
    const last = trained.train(600);
    const records = ran.runEpochs(600);
    expect(last === null ? null : untimed(last)).toEqual(untimed(records[599]!));
    expect(trained.lastMetrics).toBe(last);
    expect(trained.epoch).toBe(600);
    expect(weightsOf(trained)).toEqual(weightsOf(ran));
    expect(trained.train(0)).toBeNull();
  });

  it('train(n) stops at the diverging epoch and returns its non-finite record', () => {
    const config = (): ExperimentConfig => {
      const c = CONFIGS[2]![1]();
      c.training.optimizer = { kind: 'sgd', learningRate: 40 };
      c.training.reduction = 'sum';
      return c;
    };
    const trained = new Trainer(config());
    const records = new Trainer(config()).runEpochs(500);
    const last = trained.train(500);
    expect(trained.diverged).toBe(true);
    expect(trained.epoch).toBe(records.length);
    expect(untimed(last!)).toEqual(untimed(records[records.length - 1]!));
    expect(trained.train(5)).toBeNull();
  });
});
