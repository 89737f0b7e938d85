import { describe, expect, it } from 'vitest';
import type { DatasetConfig } from '@liveprop/core';
import { datasetWith, inputLabels, toggleFeature } from './datasetChange.js';

const moons: DatasetConfig = { kind: 'moons', samples: 400, noise: 0.1, testFraction: 0.3, seed: 4 };

describe('datasetWith', () => {
  it('switches kind and keeps the other settings', () => {
    expect(datasetWith(moons, { kind: 'spiral' })).toEqual({ ...moons, kind: 'spiral' });
  });

  it('keeps a class count only for kinds that take one', () => {
    const gauss3 = datasetWith(moons, { kind: 'gauss', classes: 3 });
    expect(gauss3.classes).toBe(3);
    expect(datasetWith(gauss3, { kind: 'moons' })).not.toHaveProperty('classes');
    expect(datasetWith(gauss3, { kind: 'spiral' }).classes).toBe(3);
  });

  it('never sends literal rows, and keeps CSV text only while the kind stays csv', () => {
    const csv: DatasetConfig = { ...moons, kind: 'csv', csv: '1,2,0\n' };
    expect(datasetWith(csv, { noise: 0.2 }).csv).toBe('1,2,0\n');
    expect(datasetWith(csv, { kind: 'xor' })).not.toHaveProperty('csv');
  });
});

describe('toggleFeature', () => {
  it('adds in canonical order, removes, and never leaves none', () => {
    expect(toggleFeature(['x1', 'x2'], 'sinX1')).toEqual(['x1', 'x2', 'sinX1']);
    expect(toggleFeature(['x2', 'sinX1'], 'x1')).toEqual(['x1', 'x2', 'sinX1']);
    expect(toggleFeature(['x1', 'x2'], 'x1')).toEqual(['x2']);
    expect(toggleFeature(['x2'], 'x2')).toEqual(['x2']);
  });
});

describe('inputLabels', () => {
  it('names inputs by feature for generated data and x1…xn otherwise', () => {
    expect(inputLabels({ ...moons, features: ['x1', 'x1Squared', 'sinX2'] }, 3)).toEqual(['x1', 'x1²', 'sin x2']);
    expect(inputLabels(moons, 2)).toEqual(['x1', 'x2']);
    expect(inputLabels({ ...moons, kind: 'csv' }, 3)).toEqual(['x1', 'x2', 'x3']);
  });
});
