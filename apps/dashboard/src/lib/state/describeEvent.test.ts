import { describe, expect, it } from 'vitest';
import { describeError } from './describeError.js';
import { describeEvent } from './describeEvent.js';

describe('describeEvent', () => {
  it.each([
    ['learningRate', 0.03, 0.1, 'Learning rate 0.03 → 0.1'],
    ['loss', { loss: 'squaredError', reduction: 'mean' }, { loss: 'binaryCrossEntropy', reduction: 'mean' }, 'Loss: squared error → cross-entropy'],
    ['removeNeuron', { layer: 0, units: 9, neuron: 8 }, { layer: 0, units: 8 }, 'L1: removed neuron 9, 9 → 8 neurons'],
    ['addNeuron', { layer: 1, units: 4 }, { layer: 1, units: 5 }, 'L2: 4 → 5 neurons'],
    ['addLayer', { layers: 2 }, { index: 1, units: 4, activation: 'relu' }, 'Added L2: 4 ReLU neurons'],
    ['removeLayer', { index: 0, units: 8, activation: 'tanh' }, { layers: 2 }, 'Removed L1 (8 tanh neurons)'],
    ['batchSize', 10, 0, 'Batch size 10 → full batch'],
    ['optimizer', { kind: 'sgd', learningRate: 0.1 }, { kind: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, 'Optimizer: SGD → Adam'],
    ['regularization', { kind: 'none' }, { kind: 'l2', rate: 0.001 }, 'Regularization: none → L2 0.001'],
    ['activation', 'tanh', 'relu', 'Activation: tanh → ReLU'],
    ['reset', 120, 'reinit', 'Reset to new random weights (was at epoch 120)'],
  ])('%s reads as the controls say it', (what, from, to, text) => {
    expect(describeEvent(what, from, to)).toBe(text);
  });

  it('[R20] says what a restart brought back: weights, lost epochs, re-applied and refused changes', () => {
    const reapplied = [{ what: 'learningRate', from: 0.01, to: 0.2 }, { what: 'regularization', from: { kind: 'none' }, to: { kind: 'l2', rate: 0.001 } }];
    expect(describeEvent('restored', 130, { epoch: 120, weights: 'checkpoint', reapplied, notRestored: [] })).toBe(
      'Restored after a restart: weights of epoch 120, epochs 121–130 will be retrained, re-applied Learning rate 0.01 → 0.2; Regularization: none → L2 0.001',
    );
    expect(describeEvent('restored', 0, { epoch: 0, weights: 'initial', reapplied: [], notRestored: ['batchSize: too big'] })).toBe(
      'Restored after a restart: weights start over from the config, not restored: batchSize: too big',
    );
  });

  it('says which dataset setting moved, not "dataset moons → moons"', () => {
    const moons = { kind: 'moons', samples: 200, noise: 0.1, testFraction: 0.2, seed: 1 };
    expect(describeEvent('dataset', moons, { ...moons, noise: 0.25 })).toBe('Dataset moons: noise 0.10 → 0.25');
    expect(describeEvent('dataset', moons, { ...moons, kind: 'spiral' })).toBe('Dataset: moons → spiral');
    expect(describeEvent('dataset', moons, { ...moons, features: ['x1', 'x2', 'x1Squared'] })).toBe('Dataset moons: features x1, x2 → x1, x2, x1²');
    expect(describeEvent('dataset', moons, { ...moons, seed: 2 })).toBe('Dataset moons: new random points');
    expect(describeEvent('dataset', 'moons', 'moons')).toBe('Dataset: moons, new settings');
  });
});

describe('describeError', () => {
  it('turns a chain of codes into a headline and the reason', () => {
    expect(describeError('invalid_change', 'invalid_config: training.loss: binaryCrossEntropy needs a sigmoid output')).toBe(
      'Change refused — training.loss: binaryCrossEntropy needs a sigmoid output',
    );
    expect(describeError('forbidden', 'viewers cannot change the session')).toBe('Not allowed — viewers cannot change the session');
  });
});
