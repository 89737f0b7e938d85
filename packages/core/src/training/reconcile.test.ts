import { describe, expect, it } from 'vitest';
import { Trainer, configChanges, getPreset, reconcile, type Change, type ExperimentConfig } from '../index.js';
import { defaultOptimizer, OPTIMIZER_KINDS } from '../optimizers/defaults.js';
import { MT19937 } from '../rng/mt19937.js';

function config(name: string): ExperimentConfig {
  const c = getPreset(name)!;
  c.dataset.samples = 80;
  return c;
}

/** What a live change can reach: the parts of two configs that must agree after a reconcile. */
function reachable(c: ExperimentConfig): unknown {
  const { loss, reduction, optimizer, batchSize, regularization } = c.training;
  return { dataset: c.dataset, layers: c.network.layers.map(({ units, activation }) => ({ units, activation })), loss, reduction, optimizer, batchSize, regularization };
}

/** Core's own seeded generator, so a failing case can be replayed from its seed. */
function random(seed: number): () => number {
  const rng = new MT19937(seed);
  return () => rng.random();
}

/** One change a user might make to `c`, possibly one core refuses (that is part of the test). */
function randomChange(c: ExperimentConfig, rnd: () => number): Change {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const hidden = c.network.layers.length - 1;
  const layer = Math.floor(rnd() * Math.max(1, hidden));
  switch (pick(['learningRate', 'optimizer', 'batchSize', 'regularization', 'activation', 'addLayer', 'removeLayer', 'addNeuron', 'removeNeuron', 'dataset'] as const)) {
    case 'learningRate': return { what: 'learningRate', value: pick([0.001, 0.03, 0.3]) };
    case 'optimizer': return { what: 'optimizer', value: defaultOptimizer(pick(OPTIMIZER_KINDS), pick([0.01, 0.1])) };
    case 'batchSize': return { what: 'batchSize', value: pick([0, 1, 5]) };
    case 'regularization': return { what: 'regularization', value: pick([{ kind: 'none' }, { kind: 'l2', rate: 0.001 }, { kind: 'l1', rate: 0.0001 }] as const) };
    case 'activation': return { what: 'activation', layer, value: pick(['tanh', 'relu', 'sigmoid'] as const) };
    case 'addLayer': return { what: 'addLayer', index: Math.floor(rnd() * (hidden + 1)), units: 1 + Math.floor(rnd() * 5), activation: pick(['tanh', 'relu'] as const) };
    case 'removeLayer': return { what: 'removeLayer', index: layer };
    case 'addNeuron': return { what: 'addNeuron', layer };
    case 'removeNeuron': return { what: 'removeNeuron', layer, neuron: Math.floor(rnd() * (c.network.layers[layer]?.units ?? 1)) };
    case 'dataset': return { what: 'dataset', value: { ...c.dataset, kind: pick(['xor', 'circle', 'gauss', 'moons'] as const), noise: pick([0, 0.1, 0.3]), seed: Math.floor(rnd() * 1000) } };
  }
}

describe('reconcile: a checkpoint brought into the config its users last saw', () => {
  it('re-applies hyperparameter changes and keeps every weight of the checkpoint', () => {
    const trainer = new Trainer(config('xor'));
    trainer.runEpochs(3);
    const cp = trainer.checkpoint();
    trainer.apply({ what: 'learningRate', value: 0.2 });
    trainer.apply({ what: 'regularization', value: { kind: 'l2', rate: 0.001 } });
    trainer.apply({ what: 'batchSize', value: 4 });

    const restored = Trainer.restore(cp);
    const done = reconcile(restored, trainer.config);
    expect(done.applied.map((a) => [a.what, a.to])).toEqual([
      ['learningRate', 0.2],
      ['batchSize', 4],
      ['regularization', { kind: 'l2', rate: 0.001 }],
    ]);
    expect(done.left).toEqual([]);
    expect(reachable(restored.config)).toEqual(reachable(trainer.config));
    expect(restored.checkpoint().layers).toEqual(cp.layers);
  });

  it('finds where a hidden layer was added or removed and keeps the other layers\' weights', () => {
    const trainer = new Trainer(config('xor'));
    trainer.apply({ what: 'addNeuron', layer: 0 });
    trainer.runEpochs(2);
    const cp = trainer.checkpoint();
    trainer.apply({ what: 'addLayer', index: 1, units: 3, activation: 'relu' });
    expect(configChanges(cp.config, trainer.config)).toEqual([{ what: 'addLayer', index: 1, units: 3, activation: 'relu' }]);

    const restored = Trainer.restore(cp);
    expect(reconcile(restored, trainer.config).left).toEqual([]);
    expect(reachable(restored.config)).toEqual(reachable(trainer.config));
    expect(restored.checkpoint().layers[0]!.w).toEqual(cp.layers[0]!.w);

    const removed = Trainer.restore(cp);
    const target = structuredClone(cp.config);
    target.network.layers.splice(0, 1);
    expect(configChanges(cp.config, target)).toEqual([{ what: 'removeLayer', index: 0 }]);
    expect(reconcile(removed, target).left).toEqual([]);
    expect(reachable(removed.config)).toEqual(reachable(target));
  });

  it('reports what it could not bring back instead of looping', () => {
    const trainer = new Trainer(config('xor'));
    const target = structuredClone(trainer.config);
    target.training.optimizer = { ...target.training.optimizer, learningRate: -1 };
    const done = reconcile(trainer, target);
    expect(done.applied).toEqual([]);
    expect(done.left).toEqual([{ change: { what: 'learningRate', value: -1 }, message: expect.stringContaining('out of range') }]);
  });

  it('after any random sequence of live changes, the restored trainer reaches the same reachable config and trains', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rnd = random(seed);
      const trainer = new Trainer(config(seed % 2 === 0 ? 'xor' : 'circle'));
      trainer.runEpochs(1);
      const cp = trainer.checkpoint();
      const steps = 1 + Math.floor(rnd() * 6);
      for (let i = 0; i < steps; i++) {
        trainer.apply(randomChange(trainer.config, rnd));
        trainer.runEpochs(1);
      }
      const restored = Trainer.restore(cp);
      const done = reconcile(restored, trainer.config);
      expect({ seed, left: done.left }).toEqual({ seed, left: [] });
      expect({ seed, config: reachable(restored.config) }).toEqual({ seed, config: reachable(trainer.config) });
      expect(Number.isFinite(restored.runEpochs(1)[0]!.trainLoss)).toBe(true);
    }
  });
});
