import { describe, expect, it } from 'vitest';
import { Trainer, createWasmKernels, getPreset, tsDenseKernels, type ExperimentConfig } from '../index.js';

function small(name = 'xor', samples = 100): ExperimentConfig {
  const config = getPreset(name)!;
  config.dataset.samples = samples;
  return config;
}

function divergingConfig(): ExperimentConfig {
  const config = small('plane', 60);
  config.training.optimizer = { kind: 'sgd', learningRate: 50 };
  config.training.reduction = 'sum';
  return config;
}

describe('Trainer training loop', () => {
  it('reports one metrics record per epoch with rising epoch numbers and the learning rate', () => {
    const trainer = new Trainer(small());
    const seen: number[] = [];
    const metrics = trainer.runEpochs(3, (m) => seen.push(m.epoch));
    expect(metrics.map((m) => m.epoch)).toEqual([1, 2, 3]);
    expect(seen).toEqual([1, 2, 3]);
    expect(trainer.epoch).toBe(3);
    for (const m of metrics) {
      expect(Number.isFinite(m.trainLoss) && Number.isFinite(m.testLoss)).toBe(true);
      expect(m.learningRate).toBe(0.01);
      expect(m.epochMs).toBeGreaterThanOrEqual(0);
      expect(m.trainAccuracy).toBeGreaterThanOrEqual(0);
    }
  });

  it('is deterministic for a seed, shuffling included', () => {
    const a = new Trainer(small()).runEpochs(5).map((m) => m.trainLoss);
    const b = new Trainer(small()).runEpochs(5).map((m) => m.trainLoss);
    expect(a).toEqual(b);
  });

  it('stepBatch completes an epoch after ceil(rows / batch) steps', () => {
    const trainer = new Trainer(small('xor', 100));
    const rows = trainer.checkpoint().order.length;
    const steps = Math.ceil(rows / 10);
    for (let k = 0; k < steps - 1; k++) expect(trainer.stepBatch()).toBeNull();
    expect(trainer.epoch).toBe(0);
    const m = trainer.stepBatch();
    expect(m?.epoch).toBe(1);
    expect(trainer.epoch).toBe(1);
  });

  it('runFor stops at maxEpochs, and a slice can end mid-epoch and resume', () => {
    const trainer = new Trainer(small());
    expect(trainer.runFor(60_000, 2)).toHaveLength(2);
    const big = new Trainer(small('xor', 20_000));
    const first = big.runFor(0);
    expect(first).toHaveLength(0);
    expect(big.checkpoint().cursor).toBeGreaterThan(0);
    const rest = big.runFor(60_000, 1);
    expect(rest.map((m) => m.epoch)).toEqual([1]);
  });

  it('detects a non-finite loss, stops, and rolls back to the last finite state', () => {
    const trainer = new Trainer(divergingConfig());
    const metrics = trainer.runEpochs(200);
    expect(trainer.diverged).toBe(true);
    expect(metrics.length).toBeLessThan(200);
    expect(Number.isFinite(metrics[metrics.length - 1]!.trainLoss)).toBe(false);
    expect(trainer.runEpochs(5)).toEqual([]);
    expect(trainer.runFor(50)).toEqual([]);
    const back = trainer.rollback();
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.value.epoch).toBeLessThan(metrics.length);
    expect(trainer.diverged).toBe(false);
    expect(trainer.epoch).toBe(back.value.epoch);
    for (const layer of trainer.snapshot().layers) expect(Array.from(layer.weights).every(Number.isFinite)).toBe(true);
    expect(trainer.apply({ what: 'learningRate', value: 0.001 }).ok).toBe(true);
    const after = trainer.runEpochs(3);
    expect(after.every((m) => Number.isFinite(m.trainLoss))).toBe(true);
  });

  it('rollback before any divergence returns to the last saved finite state', () => {
    const trainer = new Trainer(small());
    expect(trainer.rollback().ok).toBe(true);
  });

  it('runFor stops early when the run diverges', () => {
    const trainer = new Trainer(divergingConfig());
    const metrics = trainer.runFor(60_000, 500);
    expect(trainer.diverged).toBe(true);
    expect(metrics.length).toBeLessThan(500);
    expect(metrics.at(-1)!.epoch).toBe(trainer.epoch);
  });

  it('a topology change is refused while diverged', () => {
    const trainer = new Trainer(divergingConfig());
    trainer.runEpochs(200);
    const result = trainer.apply({ what: 'addNeuron', layer: 0 });
    expect(result).toMatchObject({ ok: false, code: 'diverged' });
  });
});

describe('Trainer views', () => {
  it('snapshot has weights, gradient norms, a decision surface and per-neuron thumbnails for 2-D data', () => {
    const trainer = new Trainer(small());
    trainer.runEpochs(2);
    const snap = trainer.snapshot({ grid: 20, thumbnailGrid: 8 });
    expect(snap.epoch).toBe(2);
    expect(snap.metrics?.epoch).toBe(2);
    expect(snap.layers.map((l) => [l.inputs, l.outputs])).toEqual([
      [2, 8],
      [8, 8],
      [8, 1],
    ]);
    expect(snap.layers[0]!.weights).toHaveLength(16);
    expect(snap.layers.every((l) => l.gradientNorm > 0)).toBe(true);
    expect(snap.surface?.size).toBe(20);
    expect(snap.surface?.channels).toBe(1);
    expect(snap.surface?.values).toHaveLength(400);
    expect(Array.from(snap.surface!.values).every((v) => v > 0 && v < 1)).toBe(true);
    expect(snap.thumbnails?.layers.map((l) => l.length)).toEqual([2 * 64, 8 * 64, 8 * 64, 64]);
    // The last thumbnail is the output neuron: the same function as the surface, sampled at 8×8.
    const coarse = trainer.snapshot({ grid: 8 });
    expect(Array.from(coarse.surface!.values)).toEqual(Array.from(snap.thumbnails!.layers[3]!));
  });

  it('snapshot of a 3-class network carries one surface plane per class, each a softmax probability', () => {
    const trainer = new Trainer(getPreset('gauss-3')!);
    const snap = trainer.snapshot({ grid: 10 });
    expect([snap.surface?.size, snap.surface?.channels, snap.surface?.values.length]).toEqual([10, 3, 300]);
    const v = snap.surface!.values;
    for (let cell = 0; cell < 100; cell++) expect(v[cell]! + v[100 + cell]! + v[200 + cell]!).toBeCloseTo(1, 5);
  });

  it('snapshot of data that is not 2-D has no surface', () => {
    const trainer = new Trainer(getPreset('mavicc-xor')!);
    const snap = trainer.snapshot({ grid: 10, thumbnailGrid: 10 });
    expect(snap.surface).toBeUndefined();
    expect(snap.thumbnails).toBeUndefined();
  });

  it('traceStep leaves the trainer exactly as it was', () => {
    const trainer = new Trainer(small());
    trainer.runEpochs(1);
    trainer.stepBatch();
    const before = JSON.stringify(trainer.checkpoint());
    const gradBefore = trainer.snapshot({ grid: 0 }).layers.map((l) => l.gradientNorm);
    const trace = trainer.traceStep('batch');
    expect(trace.samples).toHaveLength(10);
    trainer.traceStep(3);
    expect(JSON.stringify(trainer.checkpoint())).toBe(before);
    expect(trainer.snapshot({ grid: 0 }).layers.map((l) => l.gradientNorm)).toEqual(gradBefore);
  });

  it('traceStep on the next batch predicts exactly the weights stepBatch produces', () => {
    const trainer = new Trainer(small());
    trainer.stepBatch();
    const trace = trainer.traceStep('batch');
    trainer.stepBatch();
    const snap = trainer.snapshot({ grid: 0 });
    trace.layers.forEach((layer, l) => expect(Array.from(snap.layers[l]!.weights)).toEqual(layer.weightsAfter.flat()));
  });

  it('traceStep with a window keeps exactly the top-left of the whole trace and its true sizes', () => {
    const config = getPreset('spiral')!;
    const trainer = new Trainer({ ...config, network: { ...config.network, layers: config.network.layers.map((l, i, all) => (i < all.length - 1 ? { ...l, units: 20 } : l)) } });
    trainer.runEpochs(1);
    const whole = trainer.traceStep('batch');
    const cut = trainer.traceStep('batch', { window: 4 });
    const corner = (m: number[][]) => m.slice(0, 4).map((row) => row.slice(0, 4));
    expect(cut.size).toEqual(whole.size);
    expect(cut.size).toEqual({ samples: 10, layers: [{ inputs: 7, outputs: 20 }, { inputs: 20, outputs: 20 }, { inputs: 20, outputs: 1 }] });
    expect(cut.samples).toEqual(whole.samples.slice(0, 4));
    expect(cut.lossPerSample).toEqual(whole.lossPerSample.slice(0, 4));
    expect(cut.loss).toBe(whole.loss);
    expect(cut.outputs).toEqual(corner(whole.outputs));
    cut.layers.forEach((layer, l) => {
      const full = whole.layers[l]!;
      for (const key of ['inputs', 'z', 'a', 'delta', 'weights', 'dW', 'weightsUpdate', 'weightsAfter'] as const) expect(layer[key]).toEqual(corner(full[key]));
      for (const key of ['bias', 'db', 'biasUpdate', 'biasAfter'] as const) expect(layer[key]).toEqual(full[key].slice(0, 4));
    });
  });

  it('predict rejects rows of the wrong width', () => {
    const trainer = new Trainer(small());
    expect(() => trainer.predict([[1, 2, 3]])).toThrow('inputs[0] has 3 numbers, expected 2');
  });
});

describe('Trainer persistence and resets', () => {
  it('a checkpoint restored from JSON continues exactly like the original', () => {
    const original = new Trainer(small());
    original.runEpochs(2);
    original.stepBatch();
    const cp = JSON.parse(JSON.stringify(original.checkpoint()));
    const restored = Trainer.restore(cp);
    expect(restored.epoch).toBe(2);
    const a = original.runEpochs(3).map((m) => [m.trainLoss, m.testLoss]);
    const b = restored.runEpochs(3).map((m) => [m.trainLoss, m.testLoss]);
    expect(b).toEqual(a);
  });

  it('a restored run shows the gradient norms the original showed; a checkpoint written without gradients restores zeros', () => {
    const original = new Trainer(small());
    original.runEpochs(2);
    original.stepBatch();
    const norms = (t: Trainer): number[] => t.snapshot({ grid: 0 }).layers.map((layer) => layer.gradientNorm);
    const cp = JSON.parse(JSON.stringify(original.checkpoint())) as ReturnType<Trainer['checkpoint']>;
    expect(norms(original).every((n) => n > 0)).toBe(true);
    expect(norms(Trainer.restore(cp))).toEqual(norms(original));
    const withoutGradients = { ...cp, layers: cp.layers.map(({ dw: _dw, db: _db, ...rest }) => rest) };
    expect(norms(Trainer.restore(withoutGradients)).every((n) => n === 0)).toBe(true);
  });

  it("reset('replay') restores the initial weights; reset('reinit') draws new ones", () => {
    const trainer = new Trainer(small());
    const initial = trainer.snapshot({ grid: 0 }).layers.map((l) => Array.from(l.weights));
    trainer.runEpochs(3);
    trainer.reset('replay');
    expect(trainer.epoch).toBe(0);
    expect(trainer.snapshot({ grid: 0 }).layers.map((l) => Array.from(l.weights))).toEqual(initial);
    trainer.reset('reinit');
    expect(trainer.epoch).toBe(0);
    expect(trainer.snapshot({ grid: 0 }).layers[0]!.weights[0]).not.toBe(initial[0]![0]);
    expect(trainer.runEpochs(1)).toHaveLength(1);
  });
});

describe('Trainer buffers', () => {
  it('allocates every buffer through options.allocate once per shape, and none while training', () => {
    let allocations = 0;
    const allocate = (n: number): Float64Array => {
      allocations++;
      return new Float64Array(n);
    };
    const trainer = new Trainer(small(), { allocate });
    const afterBuild = allocations;
    expect(afterBuild).toBeGreaterThan(0);
    trainer.runEpochs(3);
    trainer.runFor(5, 2);
    for (let k = 0; k < 5; k++) trainer.stepBatch();
    expect(allocations).toBe(afterBuild);
    trainer.apply({ what: 'addNeuron', layer: 0 });
    expect(allocations).toBeGreaterThan(afterBuild);
    const afterEdit = allocations;
    trainer.runEpochs(2);
    expect(allocations).toBe(afterEdit);
  });

  it('runs on swapped-in kernels with their allocator (WASM SIMD) and matches the TypeScript path', () => {
    const wasm = createWasmKernels();
    const config = small('spiral', 200);
    const fast = new Trainer(config, { kernels: wasm.kernels, allocate: wasm.alloc });
    const reference = new Trainer(config, { kernels: tsDenseKernels });
    const a = fast.runEpochs(3);
    const b = reference.runEpochs(3);
    a.forEach((m, k) => expect(Math.abs(m.trainLoss - b[k]!.trainLoss)).toBeLessThan(1e-9));
  });
});
