import { describe, expect, it } from 'vitest';
import type { DatasetConfig } from '../contract/config.js';
import { LIMITS } from '../contract/limits.js';
import { createDataset } from './createDataset.js';
import { FEATURE_NAMES } from './features.js';
import type { Dataset } from './types.js';

const BASE: DatasetConfig = { kind: 'spiral', samples: 500, noise: 0.2, testFraction: 0.2, seed: 3 };

function make(overrides: Partial<DatasetConfig>): Dataset {
  const result = createDataset({ ...BASE, ...overrides });
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
}

function sortedPairs(...arrays: Float64Array[]): string[] {
  const pairs: string[] = [];
  for (const a of arrays) for (let i = 0; i < a.length; i += 2) pairs.push(`${a[i]},${a[i + 1]}`);
  return pairs.sort();
}

describe('createDataset determinism and split', () => {
  it('gives identical data and split for the same seed', () => {
    const a = make({});
    const b = make({});
    expect(Array.from(b.train.x)).toEqual(Array.from(a.train.x));
    expect(Array.from(b.test.y)).toEqual(Array.from(a.test.y));
    expect(Array.from(b.test.points)).toEqual(Array.from(a.test.points));
  });

  it('gives different data for a different seed', () => {
    expect(Array.from(make({ seed: 4 }).train.points)).not.toEqual(Array.from(make({}).train.points));
  });

  it.each([[0, 1000, 0], [0.2, 800, 200], [0.25, 750, 250], [0.9, 100, 900]])(
    'holds out testFraction %f: %i train, %i test',
    (testFraction, train, test) => {
      const d = make({ samples: 1000, testFraction });
      expect([d.train.count, d.test.count]).toEqual([train, test]);
      expect(d.test.x.length).toBe(test * d.inputDim);
      expect(d.test.points.length).toBe(test * 2);
    },
  );

  it('always leaves at least one training row', () => {
    const d = make({ samples: 1, testFraction: 0.9 });
    expect([d.train.count, d.test.count]).toEqual([1, 0]);
  });

  it('splits the same points it would otherwise use whole, each exactly once', () => {
    const whole = make({ testFraction: 0 });
    const split = make({ testFraction: 0.3 });
    expect(sortedPairs(split.train.points, split.test.points)).toEqual(sortedPairs(whole.train.points));
  });

  it('stores rows shuffled, so classes are not in blocks', () => {
    const d = make({ kind: 'xor', samples: 200, testFraction: 0 });
    const firstHalfOnes = Array.from(d.train.y.subarray(0, 100)).filter((v) => v === 1).length;
    expect(firstHalfOnes).toBeGreaterThan(30);
    expect(firstHalfOnes).toBeLessThan(70);
    expect(Array.from(d.train.y.subarray(0, 10))).not.toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
  });
});

describe('feature transforms', () => {
  it('computes every feature from the raw point, in the order asked', () => {
    const d = make({ features: [...FEATURE_NAMES].reverse() });
    expect(d.inputDim).toBe(7);
    expect(d.featureNames).toEqual(['sinX2', 'sinX1', 'x1x2', 'x2Squared', 'x1Squared', 'x2', 'x1']);
    for (let i = 0; i < d.train.count; i++) {
      const px = d.train.points[2 * i]!;
      const py = d.train.points[2 * i + 1]!;
      expect(Array.from(d.train.x.subarray(i * 7, i * 7 + 7))).toEqual([
        Math.sin(py), Math.sin(px), px * py, py * py, px * px, py, px,
      ]);
    }
  });

  it('maps a grid point through the same features as the data', () => {
    const d = make({ features: ['x1Squared', 'x1x2', 'sinX2'] });
    const out = new Float64Array(3);
    d.features(d.test.points[0]!, d.test.points[1]!, out);
    expect(Array.from(out)).toEqual(Array.from(d.test.x.subarray(0, 3)));
    d.features(2, -3, out);
    expect(Array.from(out)).toEqual([4, -6, Math.sin(-3)]);
  });

  it('uses x1 and x2 when no features are given', () => {
    const d = make({ features: undefined });
    expect(d.featureNames).toEqual(['x1', 'x2']);
    const out = new Float64Array(2);
    d.features(1.5, -2.5, out);
    expect(Array.from(out)).toEqual([1.5, -2.5]);
  });
});

describe('createDataset validation', () => {
  const cases: [string, Partial<DatasetConfig> | Record<string, unknown>, string, RegExp][] = [
    ['an unknown kind', { kind: 'checkerboard' }, 'unknown_dataset_kind', /dataset\.kind .* got "checkerboard"/],
    ['a NaN noise', { noise: Number.NaN }, 'invalid_dataset', /dataset\.noise must be a number in 0\.\.1, got NaN/],
    ['a noise above 1', { noise: 1.5 }, 'invalid_dataset', /dataset\.noise .* got 1\.5/],
    ['negative samples', { samples: -5 }, 'invalid_dataset', /dataset\.samples .* got -5/],
    ['zero samples', { samples: 0 }, 'invalid_dataset', /dataset\.samples/],
    ['fractional samples', { samples: 10.5 }, 'invalid_dataset', /dataset\.samples .* got 10\.5/],
    ['too many samples', { samples: LIMITS.maxDatasetRows + 1 }, 'invalid_dataset', /dataset\.samples .*1\.\.1000000, got 1000001/],
    ['samples as a string', { samples: '100' }, 'invalid_dataset', /dataset\.samples .* got "100"/],
    ['a test fraction above 0.9', { testFraction: 0.95 }, 'invalid_dataset', /dataset\.testFraction .* got 0\.95/],
    ['a negative test fraction', { testFraction: -0.1 }, 'invalid_dataset', /dataset\.testFraction/],
    ['a negative seed', { seed: -1 }, 'invalid_dataset', /dataset\.seed .* got -1/],
    ['a seed beyond 32 bits', { seed: 2 ** 32 }, 'invalid_dataset', /dataset\.seed/],
    ['an infinite seed', { seed: Infinity }, 'invalid_dataset', /dataset\.seed .* got Infinity/],
    ['an unknown feature', { features: ['x1', 'cosX1'] }, 'invalid_dataset', /dataset\.features\[1\] .* got "cosX1"/],
    ['a repeated feature', { features: ['x1', 'x1'] }, 'invalid_dataset', /dataset\.features\[1\] must be a feature not listed before/],
    ['no features', { features: [] }, 'invalid_dataset', /dataset\.features must be a non-empty array/],
    ['three classes for xor', { kind: 'xor', classes: 3 }, 'invalid_dataset', /dataset\.classes must be 2 for kind xor.* got 3/],
    ['too many classes for gauss', { kind: 'gauss', classes: 65 }, 'invalid_dataset', /dataset\.classes .*2\.\.64, got 65/],
    ['one class for spiral', { kind: 'spiral', classes: 1 }, 'invalid_dataset', /dataset\.classes .* got 1/],
  ];

  it.each(cases)('refuses %s, naming the field', (_name, overrides, code, message) => {
    const result = createDataset({ ...BASE, ...overrides } as DatasetConfig);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it.each([null, 42, 'xor'])('refuses a config that is not an object (%s)', (config) => {
    expect(createDataset(config as unknown as DatasetConfig)).toMatchObject({ ok: false, code: 'invalid_dataset' });
  });

  it('ignores classes for regression kinds', () => {
    expect(make({ kind: 'plane', classes: 5 }).classes).toBe(0);
  });
});
