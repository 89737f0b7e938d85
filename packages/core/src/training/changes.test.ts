import { describe, expect, it } from 'vitest';
import { LIMITS, Trainer, getPreset, type Change, type ExperimentConfig } from '../index.js';

function config(name = 'xor'): ExperimentConfig {
  const c = getPreset(name)!;
  c.dataset.samples = 120;
  return c;
}

function trainInputs(trainer: Trainer): number[][] {
  const cp = trainer.checkpoint();
  const rows: number[][] = [];
  for (let x = -5; x <= 5; x += 0.5) for (let y = -5; y <= 5; y += 2.5) rows.push([x, y]);
  return cp.config.network.inputs === 2 ? rows : [];
}

function maxDiff(a: number[][], b: number[][]): number {
  let m = 0;
  a.forEach((row, r) => row.forEach((v, j) => (m = Math.max(m, Math.abs(v - b[r]![j]!)))));
  return m;
}

function weights(trainer: Trainer): number[][] {
  return trainer.snapshot({ grid: 0 }).layers.map((l) => Array.from(l.weights));
}

describe('live changes keep state', () => {
  it('a learning-rate change keeps Adam moments and shows in config and metrics', () => {
    const trainer = new Trainer(config());
    trainer.runEpochs(2);
    const moments = trainer.checkpoint().layers.map((l) => l.wM);
    const applied = trainer.apply({ what: 'learningRate', value: 0.005 });
    expect(applied).toEqual({ ok: true, value: { what: 'learningRate', from: 0.01, to: 0.005 } });
    expect(trainer.checkpoint().layers.map((l) => l.wM)).toEqual(moments);
    expect(trainer.config.training.optimizer.learningRate).toBe(0.005);
    expect(trainer.runEpochs(1)[0]!.learningRate).toBe(0.005);
  });

  it('changing optimizer settings of the same kind keeps its state; a new kind starts fresh', () => {
    const trainer = new Trainer(config());
    trainer.runEpochs(1);
    const moments = trainer.checkpoint().layers[0]!.wV;
    trainer.apply({ what: 'optimizer', value: { kind: 'adam', learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-8 } });
    expect(trainer.checkpoint().layers[0]!.wV).toEqual(moments);
    trainer.apply({ what: 'optimizer', value: { kind: 'momentum', learningRate: 0.01, momentum: 0.9, nesterov: true } });
    const cp = trainer.checkpoint();
    expect(cp.layers[0]!.wV.every((v) => v === 0)).toBe(true);
    expect(cp.step).toBe(0);
    expect(trainer.runEpochs(2).every((m) => Number.isFinite(m.trainLoss))).toBe(true);
  });

  it('adding a neuron anywhere leaves every output identical to 1e-12 and keeps the surviving weights', () => {
    const trainer = new Trainer(config());
    trainer.runEpochs(3);
    const inputs = trainInputs(trainer);
    const before = trainer.predict(inputs);
    const w0 = weights(trainer);
    for (const layer of [0, 1]) {
      const result = trainer.apply({ what: 'addNeuron', layer });
      expect(result.ok).toBe(true);
      expect(maxDiff(trainer.predict(inputs), before)).toBeLessThanOrEqual(1e-12);
    }
    expect(trainer.config.network.layers.map((l) => l.units)).toEqual([9, 9, 1]);
    const w1 = weights(trainer);
    // Layer 0 was [8][2] and is now [9][2]: the first 16 numbers are the old rows.
    expect(w1[0]!.slice(0, 16)).toEqual(w0[0]);
    expect(trainer.runEpochs(1)[0]!.epoch).toBe(4);
  });

  it('surviving weights keep their optimizer state through topology edits', () => {
    const trainer = new Trainer(config());
    trainer.runEpochs(2);
    const before = trainer.checkpoint().layers;
    trainer.apply({ what: 'addNeuron', layer: 0 });
    const after = trainer.checkpoint().layers;
    // Layer 0 grew from [8][2] to [9][2]: its first 16 moments are the old ones; the new row starts with no momentum
    // and a second moment like the network's others (so Adam's first step there is not ±3·lr).
    expect(after[0]!.wM.slice(0, 16)).toEqual(before[0]!.wM);
    expect(after[0]!.wM.slice(16)).toEqual([0, 0]);
    expect(after[0]!.wV.slice(16).every((v) => v !== null && v > 0)).toBe(true);
    // Layer 1 grew a column: row o keeps its 8 old moments; the new column has no momentum yet.
    for (let o = 0; o < 8; o++) expect(after[1]!.wM.slice(o * 9, o * 9 + 9)).toEqual([...before[1]!.wM.slice(o * 8, o * 8 + 8), 0]);
    for (let o = 0; o < 8; o++) expect(after[1]!.wV.slice(o * 9, o * 9 + 8)).toEqual(before[1]!.wV.slice(o * 8, o * 8 + 8));
    expect(after[2]).toEqual(before[2]);
  });

  it('adding a neuron does not make the loss jump', () => {
    const trainer = new Trainer(config());
    trainer.runEpochs(5);
    const a = new Trainer(config());
    a.runEpochs(5);
    a.apply({ what: 'addNeuron', layer: 1 });
    const withNeuron = a.snapshot({ grid: 0 });
    expect(withNeuron.layers[1]!.outputs).toBe(9);
    expect(maxDiff(a.predict(trainInputs(a)), trainer.predict(trainInputs(trainer)))).toBeLessThanOrEqual(1e-12);
  });

  it('a relu layer added after a relu layer starts as the identity', () => {
    const trainer = new Trainer(config('moons'));
    trainer.runEpochs(2);
    const inputs = trainInputs(trainer);
    const before = trainer.predict(inputs);
    expect(trainer.apply({ what: 'addLayer', index: 1, units: 10, activation: 'relu' }).ok).toBe(true);
    expect(trainer.config.network.layers.map((l) => [l.units, l.activation])).toEqual([
      [8, 'relu'],
      [10, 'relu'],
      [8, 'relu'],
      [1, 'sigmoid'],
    ]);
    expect(maxDiff(trainer.predict(inputs), before)).toBeLessThanOrEqual(1e-12);
    expect(trainer.runEpochs(2).every((m) => Number.isFinite(m.trainLoss))).toBe(true);
  });

  it('a linear layer added anywhere starts as the identity', () => {
    const trainer = new Trainer(config());
    trainer.runEpochs(2);
    const inputs = trainInputs(trainer);
    const before = trainer.predict(inputs);
    expect(trainer.apply({ what: 'addLayer', index: 0, units: 3, activation: 'linear' }).ok).toBe(true);
    expect(maxDiff(trainer.predict(inputs), before)).toBeLessThanOrEqual(1e-12);
  });

  it('removing a neuron or a layer keeps every other weight', () => {
    const trainer = new Trainer(config());
    trainer.runEpochs(1);
    const w = weights(trainer);
    expect(trainer.apply({ what: 'removeNeuron', layer: 0, neuron: 2 }).ok).toBe(true);
    const after = weights(trainer);
    // Layer 0 rows [8][2] minus row 2; layer 1 [8][8] minus column 2.
    expect(after[0]).toEqual([...w[0]!.slice(0, 4), ...w[0]!.slice(6)]);
    expect(after[1]!.slice(0, 7)).toEqual([...w[1]!.slice(0, 2), ...w[1]!.slice(3, 8)]);
    expect(after[2]).toEqual(w[2]);
    expect(trainer.apply({ what: 'removeLayer', index: 0 }).ok).toBe(true);
    expect(trainer.config.network.layers.map((l) => l.units)).toEqual([8, 1]);
    expect(weights(trainer)[1]).toEqual(w[2]);
    expect(trainer.runEpochs(1)).toHaveLength(1);
  });

  it('batch size, activation, loss and regularization change between steps', () => {
    const trainer = new Trainer(config());
    trainer.stepBatch();
    expect(trainer.apply({ what: 'batchSize', value: 7 }).ok).toBe(true);
    expect(trainer.traceStep('batch').samples).toHaveLength(7);
    expect(trainer.apply({ what: 'activation', layer: 0, value: 'relu' })).toMatchObject({ ok: true, value: { from: 'tanh', to: 'relu' } });
    expect(trainer.apply({ what: 'loss', value: 'squaredError', reduction: 'sum' }).ok).toBe(true);
    expect(trainer.apply({ what: 'regularization', value: { kind: 'l2', rate: 0.001 } }).ok).toBe(true);
    expect(trainer.config.training).toMatchObject({ batchSize: 7, loss: 'squaredError', reduction: 'sum', regularization: { kind: 'l2', rate: 0.001 } });
    expect(trainer.config.network.layers[0]!.activation).toBe('relu');
    expect(trainer.runEpochs(2).every((m) => Number.isFinite(m.trainLoss))).toBe(true);
  });

  it('a new dataset with more features widens the first layer with zero weights and keeps training', () => {
    const trainer = new Trainer(config());
    trainer.runEpochs(1);
    const w = weights(trainer);
    const result = trainer.apply({ what: 'dataset', value: { ...config().dataset, kind: 'circle', features: ['x1', 'x2', 'x1Squared'] } });
    expect(result.ok).toBe(true);
    expect(trainer.config.network.inputs).toBe(3);
    const after = weights(trainer)[0]!;
    for (let o = 0; o < 8; o++) expect(after.slice(o * 3, o * 3 + 3)).toEqual([w[0]![o * 2]!, w[0]![o * 2 + 1]!, 0]);
    expect(trainer.runEpochs(2).every((m) => Number.isFinite(m.trainLoss))).toBe(true);
  });

  it('a dataset change reports the settings before and after (no CSV text), so a feed can say what moved', () => {
    const trainer = new Trainer(config());
    const before = config().dataset;
    const result = trainer.apply({ what: 'dataset', value: { ...before, noise: 0.25 } });
    expect(result.ok && result.value).toMatchObject({ what: 'dataset', from: { kind: before.kind, noise: before.noise }, to: { kind: before.kind, noise: 0.25 } });
    const csv = trainer.apply({ what: 'dataset', value: { ...before, kind: 'csv', csv: '1,2,0\n3,4,1\n5,6,0\n7,8,1\n' } });
    if (!csv.ok) throw new Error(csv.message);
    expect(csv.value.to).toMatchObject({ kind: 'csv' });
    expect(csv.value.to).not.toHaveProperty('csv');
  });

  it('a multi-class dataset switches the output to softmax with categorical cross-entropy', () => {
    const trainer = new Trainer(config());
    const result = trainer.apply({ what: 'dataset', value: { ...config().dataset, kind: 'gauss', classes: 3 } });
    expect(result.ok).toBe(true);
    expect(trainer.config.network.layers[2]).toMatchObject({ units: 3, activation: 'softmax' });
    expect(trainer.config.training.loss).toBe('categoricalCrossEntropy');
    expect(trainer.runEpochs(1)[0]!.trainAccuracy).not.toBeNull();
  });

  it('a regression dataset switches a sigmoid output to linear with squared error', () => {
    const trainer = new Trainer(config());
    expect(trainer.apply({ what: 'dataset', value: { ...config().dataset, kind: 'plane' } }).ok).toBe(true);
    expect(trainer.config.network.layers[2]).toMatchObject({ units: 1, activation: 'linear' });
    expect(trainer.config.training.loss).toBe('squaredError');
    expect(trainer.runEpochs(1)[0]!.trainAccuracy).toBeNull();
  });
});

describe('bad changes are answered with a result, never a throw', () => {
  const bad: [string, unknown, string, string][] = [
    ['unknown kind', { what: 'explode' }, 'invalid_config', 'change.what'],
    ['not an object', 'lr=3', 'invalid_config', 'change'],
    ['null', null, 'invalid_config', 'change'],
    ['negative learning rate', { what: 'learningRate', value: -1 }, 'invalid_config', 'change.value'],
    ['learning rate over the limit', { what: 'learningRate', value: 1000 }, 'limit_exceeded', `the limit is ${LIMITS.maxLearningRate}`],
    ['NaN learning rate', { what: 'learningRate', value: Number.NaN }, 'invalid_config', 'finite number'],
    ['layer out of range', { what: 'activation', layer: 7, value: 'relu' }, 'invalid_config', 'change.layer'],
    ['softmax on a hidden layer', { what: 'activation', layer: 0, value: 'softmax' }, 'invalid_config', 'output layer only'],
    ['too many units', { what: 'addLayer', index: 0, units: 2000, activation: 'relu' }, 'limit_exceeded', 'layer 0 would have 2000 units; the limit is 1024'],
    ['neuron on the output layer', { what: 'addNeuron', layer: 2 }, 'invalid_config', 'change.layer'],
    ['remove the output layer', { what: 'removeLayer', index: 2 }, 'invalid_config', 'change.index'],
    ['batch size too big', { what: 'batchSize', value: 1e9 }, 'limit_exceeded', 'batch size'],
    ['loss that does not fit the output', { what: 'loss', value: 'categoricalCrossEntropy' }, 'invalid_config', 'softmax'],
    ['bad dataset', { what: 'dataset', value: { kind: 'spiral', samples: -1, noise: 0, testFraction: 0.2, seed: 1 } }, 'invalid_dataset', 'dataset.samples'],
  ];
  for (const [label, change, code, text] of bad) {
    it(`${label}: ${code}`, () => {
      const trainer = new Trainer(config());
      const before = JSON.stringify(trainer.checkpoint());
      const result = trainer.apply(change as Change);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.code).toBe(code);
      expect(result.message).toContain(text);
      expect(JSON.stringify(trainer.checkpoint())).toBe(before);
    });
  }
});
