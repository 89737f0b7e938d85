import { describe, expect, it } from 'vitest';
import { LIMITS, LivepropConfigError, Trainer, getPreset, type ExperimentConfig } from '../index.js';

function base(): ExperimentConfig {
  return getPreset('spiral')!;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests write values that ExperimentConfig's types forbid.
type LooseConfig = Record<string, any>;

function expectFailure(mutate: (c: LooseConfig) => void, code: string, text: string): void {
  const config = base() as unknown as LooseConfig;
  mutate(config);
  const result = Trainer.validate(config);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe(code);
  expect(result.message).toContain(text);
}

describe('Trainer.validate checks untrusted configs against the types and LIMITS', () => {
  it('accepts a preset and returns a clean copy', () => {
    const config = base();
    const result = Trainer.validate(config);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value).toEqual(config);
      expect(result.value).not.toBe(config);
    }
  });

  it('names the layer and the limit when a layer is too wide', () => {
    expectFailure((c) => {
      c.network.layers.splice(2, 0, { units: 16, activation: 'tanh', bias: { kind: 'perNeuron' } });
      c.network.layers[3] = { units: 2000, activation: 'tanh', bias: { kind: 'perNeuron' } };
      c.network.layers.push({ units: 1, activation: 'sigmoid', bias: { kind: 'perNeuron' } });
    }, 'limit_exceeded', `layer 3 has 2000 units; the limit is ${LIMITS.maxUnitsPerLayer}`);
  });

  it('rejects too many layers and too many parameters', () => {
    expectFailure((c) => {
      c.network.layers = Array.from({ length: 17 }, () => ({ units: 2, activation: 'tanh', bias: { kind: 'none' } }));
    }, 'limit_exceeded', `the network has 17 layers; the limit is ${LIMITS.maxLayers}`);
    expectFailure((c) => {
      c.network.layers = [1000, 1000, 1000, 1000, 1000, 1].map((units) => ({ units, activation: 'tanh', bias: { kind: 'none' } }));
    }, 'limit_exceeded', `the limit is ${LIMITS.maxParameters}`);
  });

  it('names wrong or missing fields', () => {
    expectFailure((c) => delete c.training.loss, 'invalid_config', 'training.loss');
    expectFailure((c) => (c.training.optimizer.kind = 'rmsprop'), 'invalid_config', 'training.optimizer.kind');
    expectFailure((c) => (c.network.layers[0].activation = 'swish'), 'invalid_config', 'network.layers[0].activation');
    expectFailure((c) => (c.network.layers[0].activation = 'softmax'), 'invalid_config', 'output layer only');
    expectFailure((c) => (c.seed = -3), 'invalid_config', 'seed');
    expectFailure((c) => (c.training.batchSize = 1.5), 'invalid_config', 'training.batchSize');
  });

  it('checks the network against the dataset', () => {
    expectFailure((c) => (c.network.inputs = 3), 'invalid_config', 'the network takes 3 inputs but the dataset has 7 features');
    expectFailure((c) => (c.dataset.samples = LIMITS.maxDatasetRows + 1), 'invalid_dataset', 'dataset.samples');
  });

  it('checks explicit weights shape by shape', () => {
    const config = getPreset('cavar-2-3-2')! as unknown as LooseConfig;
    config.network.weights[1].weights[1] = [1, 2];
    const result = Trainer.validate(config);
    expect(result).toMatchObject({ ok: false, message: 'network.weights[1].weights[1] has 2 numbers, expected 3' });
  });

  it('the constructor throws a LivepropConfigError naming the field', () => {
    const config = base();
    config.training.optimizer.learningRate = -1;
    expect(() => new Trainer(config)).toThrow(LivepropConfigError);
    try {
      new Trainer(config);
    } catch (err) {
      expect((err as LivepropConfigError).field).toBe('training.optimizer.learningRate');
    }
  });

  it('Trainer.create answers garbage with a result', () => {
    for (const garbage of [null, 42, 'spiral', [], { seed: 1 }]) expect(Trainer.create(garbage).ok).toBe(false);
  });
});
