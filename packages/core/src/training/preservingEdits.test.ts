import { describe, expect, it } from 'vitest';
import { Trainer, createDataset, getPreset, type Change, type ChangeApplied, type OutputEffect } from '../index.js';

/** A trained preset and every row of its data (train and test), built from the same config as the trainer's. */
function trained(preset: string, epochs = 30): { trainer: Trainer; rows: number[][] } {
  const config = getPreset(preset)!;
  const trainer = new Trainer(config);
  trainer.runEpochs(epochs);
  const data = createDataset(config.dataset);
  if (!data.ok) throw new Error(data.message);
  const rows: number[][] = [];
  for (const split of [data.value.train, data.value.test]) {
    for (let r = 0; r < split.count; r++) rows.push(Array.from(split.x.subarray(r * data.value.inputDim, (r + 1) * data.value.inputDim)));
  }
  return { trainer, rows };
}

function maxDiff(a: number[][], b: number[][]): number {
  let m = 0;
  a.forEach((row, r) => row.forEach((v, j) => (m = Math.max(m, Math.abs(v - b[r]![j]!)))));
  return m;
}

/** Applies a change and measures, independently of core's own report, how far the outputs on the data moved. */
function edit(trainer: Trainer, rows: number[][], change: Change): { applied: ChangeApplied; moved: number; output: OutputEffect } {
  const before = trainer.predict(rows);
  const result = trainer.apply(change);
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return { applied: result.value, moved: maxDiff(trainer.predict(rows), before), output: result.value.output! };
}

const layout = (trainer: Trainer): string => trainer.config.network.layers.map((l) => `${l.units}${l.activation}`).join(' ');

describe('inserting a layer keeps the outputs on the data', () => {
  it('a linear layer as wide as its input is the identity (1e-12)', () => {
    const { trainer, rows } = trained('xor');
    const { moved, output } = edit(trainer, rows, { what: 'addLayer', index: 1, units: 10, activation: 'linear' });
    expect(moved).toBeLessThanOrEqual(1e-12);
    expect(output.kind).toBe('exact');
  });

  it('a relu layer after tanh layers reads its input shifted positive and hands the shift back (1e-12)', () => {
    const { trainer, rows } = trained('xor');
    const { moved, output } = edit(trainer, rows, { what: 'addLayer', index: 1, units: 8, activation: 'relu' });
    expect(layout(trainer)).toBe('8tanh 8relu 8tanh 1sigmoid');
    expect(moved).toBeLessThanOrEqual(1e-12);
    expect(output).toMatchObject({ kind: 'exact' });
    expect(output.lossAfter).toBeCloseTo(output.lossBefore, 12);
  });

  it('a relu layer narrower than its input, before the output, carries the output pre-activation (1e-12)', () => {
    const { trainer, rows } = trained('xor');
    const { moved, output } = edit(trainer, rows, { what: 'addLayer', index: 2, units: 4, activation: 'relu' });
    expect(layout(trainer)).toBe('8tanh 8tanh 4relu 1sigmoid');
    expect(moved).toBeLessThanOrEqual(1e-12);
    expect(output.kind).toBe('exact');
  });

  it('a tanh layer (the dashboard\'s "+ layer" on xor) stands in for the identity within 1e-2, and training goes on', () => {
    const { trainer, rows } = trained('xor', 200);
    const { moved, output } = edit(trainer, rows, { what: 'addLayer', index: 2, units: 4, activation: 'tanh' });
    expect(moved).toBeLessThanOrEqual(1e-2);
    expect(output.kind).toBe('approximate');
    expect(Math.abs(output.lossAfter - output.lossBefore)).toBeLessThanOrEqual(0.01 * output.lossBefore + 1e-4);
    const later = trainer.runEpochs(20);
    expect(later.every((m) => Number.isFinite(m.trainLoss))).toBe(true);
    expect(later.at(-1)!.trainLoss).toBeLessThan(2 * output.lossBefore + 0.05);
  });

  it('a sigmoid layer stands in for the identity within 1e-2', () => {
    const { trainer, rows } = trained('moons');
    const { moved, output } = edit(trainer, rows, { what: 'addLayer', index: 1, units: 8, activation: 'sigmoid' });
    expect(moved).toBeLessThanOrEqual(1e-2);
    expect(output.kind).toBe('approximate');
  });

  it('a layer narrower than both neighbours changes the outputs: keepOutput refuses it and leaves everything as it was', () => {
    const { trainer, rows } = trained('gauss-3');
    const twin = trained('gauss-3').trainer;
    const before = trainer.predict(rows);
    const refused = trainer.apply({ what: 'addLayer', index: 1, units: 2, activation: 'tanh', keepOutput: true });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.code).toBe('output_change');
    expect(refused.message).toMatch(/this will change the network's output; the training loss will jump from [\d.e-]+ to [\d.e-]+/);
    expect(layout(trainer)).toBe('8tanh 3softmax');
    expect(trainer.predict(rows)).toEqual(before);
    // The refused plan's random draws were given back: training continues exactly like a trainer never asked.
    trainer.runEpochs(3);
    twin.runEpochs(3);
    expect(trainer.predict(rows)).toEqual(twin.predict(rows));
    const { output } = edit(trainer, rows, { what: 'addLayer', index: 1, units: 2, activation: 'tanh' });
    expect(output.kind).toBe('changes');
    expect(output.maxChange).toBeGreaterThan(1e-2);
  });
});

describe('training goes on from where the edit left it', () => {
  const edits: [string, Change][] = [
    ['a relu layer', { what: 'addLayer', index: 1, units: 8, activation: 'relu' }],
    ['a tanh layer', { what: 'addLayer', index: 2, units: 4, activation: 'tanh' }],
    ['tanh → sigmoid', { what: 'activation', layer: 0, value: 'sigmoid' }],
  ];
  for (const [what, change] of edits) {
    it(`the epoch after ${what} keeps the converged loss (new weights start at the typical Adam second moment)`, () => {
      const { trainer, rows } = trained('xor', 300);
      const { output } = edit(trainer, rows, change);
      expect(output.kind).not.toBe('changes');
      const next = trainer.runEpochs(1)[0]!;
      expect(next.trainLoss).toBeLessThan(10 * output.lossBefore + 1e-4);
    });
  }
});

describe('removing a layer folds it into the next where it is linear on the data', () => {
  it('a trained linear layer folds exactly (1e-9 of the output scale)', () => {
    const { trainer, rows } = trained('xor');
    edit(trainer, rows, { what: 'addLayer', index: 1, units: 8, activation: 'linear' });
    trainer.runEpochs(30);
    const { moved, output } = edit(trainer, rows, { what: 'removeLayer', index: 1 });
    expect(layout(trainer)).toBe('8tanh 8tanh 1sigmoid');
    expect(moved).toBeLessThanOrEqual(1e-9);
    expect(output.kind).toBe('exact');
  });

  it('a relu layer whose units each keep one sign on the data folds exactly', () => {
    const { trainer, rows } = trained('xor');
    edit(trainer, rows, { what: 'addLayer', index: 1, units: 8, activation: 'relu' });
    const { moved, output } = edit(trainer, rows, { what: 'removeLayer', index: 1 });
    expect(moved).toBeLessThanOrEqual(1e-9);
    expect(output.kind).toBe('exact');
  });

  it('a curved tanh layer cannot fold: keepOutput refuses with the loss jump; without it the best line is folded in', () => {
    const { trainer, rows } = trained('xor', 200);
    const refused = trainer.apply({ what: 'removeLayer', index: 0, keepOutput: true });
    expect(refused).toMatchObject({ ok: false, code: 'output_change' });
    const { moved, output } = edit(trainer, rows, { what: 'removeLayer', index: 0 });
    expect(output.kind).toBe('changes');
    expect(moved).toBeCloseTo(output.maxChange, 9);
    expect(layout(trainer)).toBe('8tanh 1sigmoid');
  });
});

describe('switching a hidden activation re-expresses each unit where the math allows', () => {
  it('tanh → sigmoid and back are exact (tanh z = 2σ(2z) − 1), 1e-9', () => {
    const { trainer, rows } = trained('xor');
    const there = edit(trainer, rows, { what: 'activation', layer: 0, value: 'sigmoid' });
    expect(there.moved).toBeLessThanOrEqual(1e-9);
    expect(there.output.kind).toBe('exact');
    const back = edit(trainer, rows, { what: 'activation', layer: 0, value: 'tanh' });
    expect(back.moved).toBeLessThanOrEqual(1e-9);
    expect(layout(trainer)).toBe('8tanh 8tanh 1sigmoid');
  });

  it('linear → relu is exact on a shifted input; linear → tanh approximate', () => {
    const { trainer, rows } = trained('xor');
    edit(trainer, rows, { what: 'addLayer', index: 1, units: 8, activation: 'linear' });
    trainer.runEpochs(10);
    const relu = edit(trainer, rows, { what: 'activation', layer: 1, value: 'relu' });
    expect(relu.moved).toBeLessThanOrEqual(1e-9);
    expect(relu.output.kind).toBe('exact');
    const linear = edit(trainer, rows, { what: 'activation', layer: 1, value: 'linear' });
    expect(linear.output.kind).toBe('exact');
    const tanh = edit(trainer, rows, { what: 'activation', layer: 1, value: 'tanh' });
    expect(tanh.moved).toBeLessThanOrEqual(1e-2);
    expect(tanh.output.kind).toBe('approximate');
  });

  it('tanh → relu changes the outputs: keepOutput refuses it; applied anyway, the effect says so', () => {
    const { trainer, rows } = trained('xor', 200);
    const refused = trainer.apply({ what: 'activation', layer: 0, value: 'relu', keepOutput: true });
    expect(refused).toMatchObject({ ok: false, code: 'output_change' });
    expect(trainer.config.network.layers[0]!.activation).toBe('tanh');
    const { output, moved } = edit(trainer, rows, { what: 'activation', layer: 0, value: 'relu' });
    expect(output.kind).toBe('changes');
    expect(moved).toBeGreaterThan(1e-2);
  });

  it('the output activation is the output: changing it is marked as changing', () => {
    const { trainer, rows } = trained('xor');
    trainer.apply({ what: 'loss', value: 'squaredError' });
    const { output } = edit(trainer, rows, { what: 'activation', layer: 2, value: 'tanh' });
    expect(output.kind).toBe('changes');
  });
});

describe('neurons', () => {
  it('adding one is exact; removing a live one changes the outputs and says so', () => {
    const { trainer, rows } = trained('xor');
    expect(edit(trainer, rows, { what: 'addNeuron', layer: 0 }).output.kind).toBe('exact');
    const removed = edit(trainer, rows, { what: 'removeNeuron', layer: 0, neuron: 0 });
    expect(removed.output.kind).not.toBe('exact');
    expect(removed.moved).toBeCloseTo(removed.output.maxChange, 9);
  });
});
