import { getPreset } from '@liveprop/core';
import type { DatasetPoints } from '@liveprop/protocol';
import { describe, expect, it } from 'vitest';
import { sampleChoices, trainingRowCount } from './sampleChoices.js';

const points: DatasetPoints = {
  train: { x1: [0.5, -1, 2], x2: [1, 0, -2], label: [1, 0, 1] },
  test: { x1: [], x2: [], label: [] },
};

describe('sampleChoices', () => {
  it('lists a tutorial’s literal rows with their targets', () => {
    const choices = sampleChoices(getPreset('mavicc-xor')!, null);
    expect(choices).toHaveLength(4);
    expect(choices[0]).toEqual({ index: 0, inputs: [1, 1, 1], targets: [0] });
  });
  it('lists raw 2-D points with their label for generated data, up to the limit', () => {
    const choices = sampleChoices(getPreset('spiral')!, points, 2);
    expect(choices).toEqual([
      { index: 0, inputs: [0.5, 1], targets: [1] },
      { index: 1, inputs: [-1, 0], targets: [0] },
    ]);
  });
  it('offers nothing when the dashboard holds no rows', () => {
    expect(sampleChoices(getPreset('spiral')!, null)).toEqual([]);
  });
});

describe('trainingRowCount', () => {
  it('counts literal rows or training points, else does not know', () => {
    expect(trainingRowCount(getPreset('mazur-2-2-2')!, null)).toBe(1);
    expect(trainingRowCount(getPreset('spiral')!, points)).toBe(3);
    expect(trainingRowCount(getPreset('spiral')!, null)).toBeNull();
  });
});
