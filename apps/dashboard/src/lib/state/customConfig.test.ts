import { describe, expect, it } from 'vitest';
import { Trainer } from '@liveprop/core';
import { buildCustomConfig, DEFAULT_CUSTOM_FORM, parseLearningRate } from './customConfig.js';

describe('buildCustomConfig', () => {
  it('builds a config the core accepts from the defaults', () => {
    const config = buildCustomConfig(DEFAULT_CUSTOM_FORM, 7);
    expect(Trainer.validate(config).ok).toBe(true);
    expect(config.training.optimizer).toMatchObject({ kind: 'adam', learningRate: 0.03 });
    expect(config.training.batchSize).toBe(10);
    expect(config.dataset.testFraction).toBe(0.3);
  });

  it('takes features, optimizer, batch size, test split and classes from the form', () => {
    const config = buildCustomConfig(
      { ...DEFAULT_CUSTOM_FORM, dataset: 'gauss', classes: 3, features: ['x1', 'x2', 'x1Squared'], optimizer: 'sgd', learningRate: 0.1, batchSize: 0, testFraction: 0 },
      7,
    );
    const valid = Trainer.validate(config);
    if (!valid.ok) throw new Error(valid.message);
    expect(config.network.inputs).toBe(3);
    expect(config.network.layers.at(-1)).toMatchObject({ units: 3, activation: 'softmax' });
    expect(config.training).toMatchObject({ loss: 'categoricalCrossEntropy', batchSize: 0, optimizer: { kind: 'sgd', learningRate: 0.1 } });
    expect(config.dataset).toMatchObject({ classes: 3, testFraction: 0, features: ['x1', 'x2', 'x1Squared'] });
  });

  it('gives regression data a linear output and squared error', () => {
    const config = buildCustomConfig({ ...DEFAULT_CUSTOM_FORM, dataset: 'plane' }, 7);
    expect(Trainer.validate(config).ok).toBe(true);
    expect(config.network.layers.at(-1)?.activation).toBe('linear');
  });
});

describe('parseLearningRate', () => {
  it('accepts a positive number and names what was wrong otherwise', () => {
    expect(parseLearningRate('0.03')).toEqual({ ok: true, value: 0.03 });
    expect(parseLearningRate('-1')).toMatchObject({ ok: false, message: expect.stringContaining('"-1"') });
    expect(parseLearningRate('abc').ok).toBe(false);
  });
});
