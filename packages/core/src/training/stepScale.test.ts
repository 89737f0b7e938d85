import { describe, expect, it } from 'vitest';
import { optimizerStep, type ParameterSet } from '../optimizers/step.js';
import { Trainer, getPreset, type Change, type OptimizerConfig } from '../index.js';

/** Two rows of two weights and a bias each, the same gradient in both; row 1 stored at `sigma` of its scale. */
function twoRows(sigma: number): ParameterSet {
  const f = (...v: number[]) => Float64Array.from(v);
  return {
    w: f(1, 1, 1, 1), b: f(0, 0), dw: f(0.5, -0.5, 0.5, -0.5), db: f(0.25, 0.25),
    wM: f(0, 0, 0, 0), wV: f(0, 0, 0, 0), bM: f(0, 0), bV: f(0, 0), biasTrainable: true, stepScale: f(1, sigma),
  };
}

describe('per-row step scale', () => {
  const cases: [OptimizerConfig, number][] = [
    [{ kind: 'sgd', learningRate: 0.1 }, 0.01],
    [{ kind: 'momentum', learningRate: 0.1, momentum: 0.9 }, 0.01],
    [{ kind: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, 0.1],
  ];
  for (const [optimizer, ratio] of cases) {
    it(`a row at σ = 0.1 steps ${ratio} times as far under ${optimizer.kind}, weights and bias`, () => {
      const p = twoRows(0.1);
      optimizerStep(p, optimizer, 1);
      const moved = Array.from(p.w, (v) => v - 1);
      expect(moved[2]! / moved[0]!).toBeCloseTo(ratio, 12);
      expect(moved[3]! / moved[1]!).toBeCloseTo(ratio, 12);
      expect(p.b[1]! / p.b[0]!).toBeCloseTo(ratio, 12);
    });
  }
});

/** Train loss over the `epochs` after `change` on a preset trained `before` epochs, and the loss just before it. */
function after(preset: string, before: number, change: Change, epochs: number): { was: number; next: number[] } {
  const trainer = new Trainer(getPreset(preset)!);
  const was = trainer.runEpochs(before).at(-1)!.trainLoss;
  const applied = trainer.apply({ ...change, keepOutput: true } as Change);
  if (!applied.ok) throw new Error(applied.message);
  return { was, next: trainer.runEpochs(epochs).map((m) => m.trainLoss) };
}

describe('a tanh or sigmoid layer standing in for the identity trains at the network\'s pace', () => {
  // Stored at ε = 0.1 and read back ×10, at the full rate its rows moved 10 times too far: moons went from 1e-6
  // to 1.39 in the epoch after the edit, spiral from 0.021 to 1.34.
  const edits: [string, Change][] = [
    ['moons', { what: 'addLayer', index: 2, units: 4, activation: 'tanh' }],
    ['spiral', { what: 'addLayer', index: 2, units: 4, activation: 'tanh' }],
    ['circle', { what: 'addLayer', index: 2, units: 4, activation: 'sigmoid' }],
  ];
  for (const [preset, change] of edits) {
    it(`${preset}: the dashboard's "+ layer" (${change.what === 'addLayer' ? change.activation : ''}, before the output) keeps the loss for 8 epochs`, () => {
      const { was, next } = after(preset, 300, change, 8);
      expect(Math.max(...next)).toBeLessThan(3 * was + 1e-4);
    });
  }

  it('an exact tanh → sigmoid swap continues the run: its rows\' Adam moments are rescaled, not restarted', () => {
    // With the moments zeroed, circle went from 1e-5 to 0.32 four epochs after the swap.
    const { was, next } = after('circle', 300, { what: 'activation', layer: 0, value: 'sigmoid' }, 8);
    expect(Math.max(...next)).toBeLessThan(3 * was + 1e-4);
  });

  it('a checkpoint carries the step scale: a restored trainer continues exactly like the one it came from', () => {
    const trainer = new Trainer(getPreset('moons')!);
    trainer.runEpochs(100);
    trainer.apply({ what: 'addLayer', index: 2, units: 4, activation: 'tanh' });
    const cp = JSON.parse(JSON.stringify(trainer.checkpoint()));
    expect(cp.layers[2].stepScale).toHaveLength(4);
    const restored = Trainer.restore(cp);
    expect(restored.runEpochs(3).map((m) => m.trainLoss)).toEqual(trainer.runEpochs(3).map((m) => m.trainLoss));
  });
});
