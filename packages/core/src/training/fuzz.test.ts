import { describe, expect, it } from 'vitest';
import { MT19937, PRESET_NAMES, Trainer, getPreset, parseModel, type Change } from '../index.js';

const WEIRD: unknown[] = [null, undefined, -1, 0, 1.5, 1e12, Number.NaN, Infinity, '', 'x', [], [1, 'a'], {}, { kind: 'none' }, true];

function pick<T>(rng: MT19937, items: readonly T[]): T {
  return items[Math.floor(rng.random() * items.length)]!;
}

/** Replaces one random leaf (or branch) of a JSON value with a weird value. */
function mutate(value: unknown, rng: MT19937): unknown {
  if (typeof value !== 'object' || value === null) return pick(rng, WEIRD);
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...(value as object) };
  const keys = Object.keys(copy);
  if (keys.length === 0 || rng.random() < 0.15) return pick(rng, WEIRD);
  const key = pick(rng, keys);
  if (rng.random() < 0.1) delete copy[key];
  else copy[key] = mutate(copy[key], rng);
  return copy;
}

describe('untrusted input never throws (bounded fuzz, fixed seed)', () => {
  it('Trainer.validate answers 400 mutated configs with a result', () => {
    const rng = new MT19937(42);
    let failures = 0;
    for (let k = 0; k < 400; k++) {
      const config = getPreset(pick(rng, PRESET_NAMES))!;
      config.dataset.samples = Math.min(config.dataset.samples, 100);
      const result = Trainer.validate(mutate(config, rng));
      if (!result.ok) {
        failures++;
        expect(result.code).not.toBe('internal_error');
        expect(result.message.length).toBeGreaterThan(5);
      }
    }
    expect(failures).toBeGreaterThan(200);
  });

  it('Trainer.apply answers 400 mutated changes with a result and keeps training', () => {
    const rng = new MT19937(7);
    const config = getPreset('xor')!;
    config.dataset.samples = 60;
    const trainer = new Trainer(config);
    const changes: Change[] = [
      { what: 'learningRate', value: 0.02 },
      { what: 'optimizer', value: { kind: 'momentum', learningRate: 0.01, momentum: 0.9 } },
      { what: 'batchSize', value: 4 },
      { what: 'activation', layer: 1, value: 'relu' },
      { what: 'loss', value: 'squaredError', reduction: 'mean' },
      { what: 'regularization', value: { kind: 'l1', rate: 0.001 } },
      { what: 'addLayer', index: 1, units: 4, activation: 'tanh' },
      { what: 'removeLayer', index: 0 },
      { what: 'addNeuron', layer: 0 },
      { what: 'removeNeuron', layer: 0, neuron: 1 },
      { what: 'dataset', value: { ...config.dataset, kind: 'moons' } },
    ];
    for (let k = 0; k < 400; k++) {
      const change = rng.random() < 0.3 ? pick(rng, changes) : mutate(pick(rng, changes), rng);
      const result = trainer.apply(change as Change);
      if (!result.ok) expect(result.code).not.toBe('internal_error');
      if (k % 50 === 0 && !trainer.diverged) trainer.stepBatch();
    }
    if (trainer.diverged) trainer.rollback();
    expect(trainer.runEpochs(1)).toHaveLength(1);
  });

  it('parseModel answers 300 mutated model files with a result', () => {
    const rng = new MT19937(9);
    const model = new Trainer(getPreset('mazur-2-2-2')!).toModel();
    let failures = 0;
    for (let k = 0; k < 300; k++) {
      const result = parseModel(mutate(model, rng));
      if (!result.ok) {
        failures++;
        expect(result.code).not.toBe('internal_error');
      }
    }
    expect(failures).toBeGreaterThan(150);
  });
});
