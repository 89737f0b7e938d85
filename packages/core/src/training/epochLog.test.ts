import { describe, expect, it } from 'vitest';
import { EPOCH_COLUMNS, EPOCH_LOG_STRIDE, EpochLog, PackedEpochs, Trainer, getPreset, unpackEpochs, type EpochMetrics, type ExperimentConfig } from '../index.js';

const untimed = ({ epochMs: _, ...rest }: EpochMetrics): Omit<EpochMetrics, 'epochMs'> => rest;
const recordsOf = (log: EpochLog): EpochMetrics[] => Array.from({ length: log.length }, (_, k) => log.at(k));
/** The bits of packed epochs, each epoch's time zeroed: timing is the one column two runs may differ in. */
function untimedBits(packed: Float64Array): BigUint64Array {
  const copy = packed.slice();
  for (let o = EPOCH_COLUMNS.indexOf('epochMs'); o < copy.length; o += EPOCH_LOG_STRIDE) copy[o] = 0;
  return new BigUint64Array(copy.buffer);
}

describe('EpochLog', () => {
  it('gives back exactly the records it was given, NaN, infinities and null accuracies included, past its first buffer', () => {
    const odd: EpochMetrics[] = [
      { epoch: 1, trainLoss: Number.NaN, testLoss: Number.NaN, trainAccuracy: null, testAccuracy: null, learningRate: 0.1, epochMs: 0 },
      { epoch: 2, trainLoss: Infinity, testLoss: -Infinity, trainAccuracy: 0, testAccuracy: 1, learningRate: 3, epochMs: 1e-300 },
      { epoch: 3, trainLoss: 0.25, testLoss: 0.5, trainAccuracy: null, testAccuracy: 0.75, learningRate: 1e-6, epochMs: 12.5 },
    ];
    const many = Array.from({ length: 700 }, (_, k): EpochMetrics => ({ ...odd[k % 3]!, epoch: k + 1 }));
    const log = new EpochLog();
    for (const m of many) log.push(m);
    expect(log.length).toBe(700);
    expect(recordsOf(log)).toEqual(many);
    const packed = log.take();
    expect(packed.length).toBe(700 * EPOCH_LOG_STRIDE);
    expect(log.length).toBe(0);
    expect(unpackEpochs(structuredClone(packed, { transfer: [packed.buffer] }))).toEqual(many);
    expect(() => log.at(0)).toThrow(/EpochLog.at: expected 0 to -1, got 0/);
    log.push(odd[1]!);
    log.clear();
    expect(log.length).toBe(0);
    expect(log.take()).toEqual(new Float64Array(0));
  });

  it('never writes to epochs it handed over, its own buffer (at least half full) or a copy, moved away or kept', () => {
    const record = (epoch: number): EpochMetrics => ({ epoch, trainLoss: epoch / 3, testLoss: Number.NaN, trainAccuracy: null, testAccuracy: 0.5, learningRate: 0.1, epochMs: 1 });
    const log = new EpochLog();
    const fill = (from: number, n: number): void => {
      for (let e = from; e < from + n; e++) log.push(record(e));
    };
    const taken: Float64Array<ArrayBuffer>[] = [];
    const kept: Float64Array[] = [];
    for (const [from, n] of [[1, 256], [257, 130], [387, 100]] as const) {
      fill(from, n);
      taken.push(log.take());
      kept.push(taken.at(-1)!.slice());
    }
    const [full, halfFull, fewCopied] = taken as [Float64Array<ArrayBuffer>, Float64Array<ArrayBuffer>, Float64Array<ArrayBuffer>];
    expect(full.buffer.byteLength).toBe(256 * EPOCH_LOG_STRIDE * 8);
    expect(halfFull.buffer.byteLength).toBe(256 * EPOCH_LOG_STRIDE * 8);
    expect(halfFull.buffer).not.toBe(full.buffer);
    expect(fewCopied.buffer.byteLength).toBe(100 * EPOCH_LOG_STRIDE * 8);
    const moved = structuredClone(halfFull, { transfer: [halfFull.buffer] });
    fill(1000, 600);
    expect(recordsOf(log)).toEqual(Array.from({ length: 600 }, (_, k) => record(1000 + k)));
    expect([full, moved, fewCopied]).toEqual(kept);
    expect(unpackEpochs(moved)).toEqual(Array.from({ length: 130 }, (_, k) => record(257 + k)));
  });
});

describe('Trainer.runForInto', () => {
  const withTestSplit = (): ExperimentConfig => {
    const c = getPreset('mavicc-xor')!;
    return { ...c, training: { ...c.training, batchSize: 2 } };
  };

  it.each([
    ['fused (mavicc-xor)', () => getPreset('mavicc-xor')!],
    ['layer by layer (xor in batches of 2)', withTestSplit],
  ])('appends what runFor returns, epoch for epoch, after what the log held, up to maxEpochs: %s', (_, config) => {
    const logged = new Trainer(config());
    const returned = new Trainer(config());
    const log = new EpochLog();
    const earlier: EpochMetrics = { epoch: 0, trainLoss: 1, testLoss: Number.NaN, trainAccuracy: null, testAccuracy: null, learningRate: 1, epochMs: 1 };
    log.push(earlier);
    const expected: EpochMetrics[] = [];
    for (const max of [700, 1, 300]) {
      expect(logged.runForInto(60_000, max, log)).toBe(max);
      expected.push(...returned.runFor(60_000, max));
    }
    expect(log.length).toBe(1 + 1001);
    expect(log.at(0)).toEqual(earlier);
    expect(recordsOf(log).slice(1).map(untimed)).toEqual(expected.map(untimed));
    expect(untimed(logged.lastMetrics!)).toEqual(untimed(expected[1000]!));
    expect(logged.snapshot({ grid: 0 }).layers).toEqual(returned.snapshot({ grid: 0 }).layers);
  });

  const CLASSIFIER = (): ExperimentConfig => getPreset('mavicc-xor')!;
  const regression = (): ExperimentConfig => {
    const c = getPreset('mavicc-xor')!;
    c.dataset.fixed!.targets = [[0.3], [-0.2], [0.9], [0.1]];
    c.network.layers = c.network.layers.map((l, i) => (i === 0 ? l : { ...l, activation: 'linear' }));
    c.training.optimizer = { kind: 'sgd', learningRate: 0.1 };
    return c;
  };
  const diverging = (): ExperimentConfig => {
    const c = regression();
    c.network.layers = c.network.layers.map((l) => ({ ...l, activation: 'linear' }));
    c.training.optimizer = { kind: 'sgd', learningRate: 100 };
    c.training.reduction = 'sum';
    return c;
  };

  it.each([
    ['binary (mavicc-xor)', CLASSIFIER, false],
    ['regression, null accuracies', regression, false],
    ['diverging regression, a non-finite loss', diverging, true],
  ])('packs a fused run bit for bit as runFor records it, time aside: %s', (_, config, diverges) => {
    const logged = new Trainer(config());
    const returned = new Trainer(config());
    const log = new EpochLog();
    const records: EpochMetrics[] = [];
    for (const max of [300, 1, 700]) {
      logged.runForInto(60_000, max, log);
      records.push(...returned.runFor(60_000, max));
    }
    expect(logged.diverged).toBe(diverges);
    expect(records.length).toBe(diverges ? logged.epoch : 1001);
    expect(records.every((m) => m.trainAccuracy === null)).toBe(config !== CLASSIFIER);
    if (diverges) expect(Number.isFinite(records.at(-1)!.trainLoss)).toBe(false);
    expect(untimedBits(log.take())).toEqual(untimedBits(PackedEpochs.of(records).data));
    expect(logged.rollback().ok).toBe(true);
    expect(logged.snapshot({ grid: 0 }).layers.every((l) => [...l.weights, ...l.bias].every(Number.isFinite))).toBe(true);
  });

  it('on a zero budget trains at least one epoch and at most the first fused run (16), as runFor does', () => {
    const trainer = new Trainer(getPreset('mavicc-xor')!);
    const log = new EpochLog();
    const ran = trainer.runForInto(0, Infinity, log);
    expect(ran).toBeGreaterThanOrEqual(1);
    expect(ran).toBeLessThanOrEqual(16);
    expect(trainer.runFor(0).length).toBeLessThanOrEqual(16);
    expect(trainer.runForInto(10, 0, log)).toBe(0);
  });

  it('stops at the diverging epoch and appends nothing more until a rollback', () => {
    const config = getPreset('mavicc-xor')!;
    config.training.optimizer = { kind: 'sgd', learningRate: 100 };
    config.training.reduction = 'sum';
    config.network.layers = config.network.layers.map((l) => ({ ...l, activation: 'linear' }));
    const trainer = new Trainer(config);
    const reference = new Trainer(config).runEpochs(5000);
    const log = new EpochLog();
    trainer.runForInto(60_000, 5000, log);
    expect(trainer.diverged).toBe(true);
    expect(recordsOf(log).map(untimed)).toEqual(reference.map(untimed));
    expect(trainer.runForInto(60_000, 10, log)).toBe(0);
    expect(trainer.rollback().ok).toBe(true);
    trainer.apply({ what: 'learningRate', value: 0.001 });
    expect(trainer.runForInto(60_000, 10, log)).toBe(10);
  });
});
