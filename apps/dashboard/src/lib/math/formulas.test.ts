import type { TrainingConfig } from '@liveprop/core';
import { describe, expect, it } from 'vitest';
import { activationTex, derivativeTex, gradientTex, lossTex, outputDeltaTex, updateTex, type LayerPlace } from './formulas.js';

const tutorial: TrainingConfig = {
  loss: 'squaredError',
  reduction: 'sum',
  optimizer: { kind: 'sgd', learningRate: 0.5 },
  batchSize: 0,
  regularization: { kind: 'none' },
  shuffle: false,
};
const output: LayerPlace = { layer: 1, layers: 2, activation: 'sigmoid', bias: { kind: 'perNeuron' } };

describe('formulas', () => {
  it('names each activation and its derivative', () => {
    expect(activationTex('tanh', 'z_{h}')).toBe('\\tanh(z_{h})');
    expect(derivativeTex('relu', 'z_{h}')).toBe("\\operatorname{relu}'(z_{h})");
    expect(derivativeTex('linear', 'z_{o}')).toBe('1');
  });
  it('writes the tutorials’ error, and a mean and a penalty when configured', () => {
    expect(lossTex(tutorial, 2)).toBe('E = \\sum_{n} \\tfrac{1}{2}(a_{o} - y)^2');
    const meanL2: TrainingConfig = { ...tutorial, reduction: 'mean', regularization: { kind: 'l2', rate: 0.01 } };
    expect(lossTex(meanL2, 2)).toBe('E = \\tfrac{1}{n}\\sum_{n} \\tfrac{1}{2}(a_{o} - y)^2 + \\tfrac{\\lambda}{2}\\sum w^2');
  });
  it('uses the combined a − y for sigmoid with binary cross-entropy, as core computes it', () => {
    expect(outputDeltaTex(output, { ...tutorial, loss: 'binaryCrossEntropy' })).toBe('\\delta_{o} = (a_{o} - y)');
    expect(outputDeltaTex(output, tutorial)).toBe("\\delta_{o} = \\frac{\\partial E}{\\partial z_{o}} = (a_{o} - y) \\odot \\sigma'(z_{o})");
  });
  it('adds the regularization gradient to ∂E/∂w', () => {
    expect(gradientTex(output, { ...tutorial, regularization: { kind: 'l1', rate: 0.1 } }).dW).toContain('\\lambda\\operatorname{sign}(w)');
  });
  it('shows the optimizer’s update with its learning rate, and none for a frozen bias', () => {
    expect(updateTex('w_{12}', tutorial).update).toBe('\\Delta w_{12} = -\\eta\\, \\frac{\\partial E}{\\partial w_{12}}, \\quad \\eta = 0.5');
    const adam: TrainingConfig = { ...tutorial, optimizer: { kind: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } };
    expect(updateTex('w_{01}', adam).update).toContain('\\hat m');
    expect(updateTex('b_{h}', tutorial, true).update).toContain('(frozen)');
    expect(updateTex('w_{01}', tutorial).after).toBe("w_{01}' = w_{01} + \\Delta w_{01}");
  });

  it('shows momentum as core runs it: v = μv + g, then p −= η v; Nesterov steps by η (g + μ v)', () => {
    const momentum: TrainingConfig = { ...tutorial, optimizer: { kind: 'momentum', learningRate: 0.1, momentum: 0.9 } };
    expect(updateTex('w', momentum).update).toBe(
      'v \\leftarrow \\mu v + \\frac{\\partial E}{\\partial w}, \\quad \\Delta w = -\\eta\\, v, \\quad \\eta = 0.1,\\ \\mu = 0.9',
    );
    const nesterov: TrainingConfig = { ...tutorial, optimizer: { kind: 'momentum', learningRate: 0.1, momentum: 0.9, nesterov: true } };
    expect(updateTex('w', nesterov).update).toBe(
      'v \\leftarrow \\mu v + \\frac{\\partial E}{\\partial w}, \\quad \\Delta w = -\\eta\\, (\\frac{\\partial E}{\\partial w} + \\mu v), \\quad \\eta = 0.1,\\ \\mu = 0.9 \\quad \\text{(Nesterov)}',
    );
  });
});
