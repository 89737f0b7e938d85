import { describe, expect, it } from 'vitest';
import type { DatasetConfig } from '../contract/config.js';
import { createDataset } from './createDataset.js';
import { bumpsAt } from './generators/regressGauss.js';
import type { Dataset } from './types.js';

function make(overrides: Partial<DatasetConfig>): Dataset {
  const result = createDataset({ kind: 'xor', samples: 1000, noise: 0, testFraction: 0, seed: 7, ...overrides });
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
}

/** How many rows of `y[count][width]` belong to each class (argmax, or the 0/1 value for one column). */
function classCounts(d: Dataset): number[] {
  const counts = new Array<number>(d.classes).fill(0);
  const { y, count } = d.train;
  for (let i = 0; i < count; i++) {
    if (d.outputDim === 1) counts[y[i]!]!++;
    else for (let k = 0; k < d.outputDim; k++) if (y[i * d.outputDim + k] === 1) counts[k]!++;
  }
  return counts;
}

function forEachPoint(d: Dataset, f: (x: number, y: number, target: number, i: number) => void): void {
  const { points, y, count } = d.train;
  for (let i = 0; i < count; i++) f(points[2 * i]!, points[2 * i + 1]!, y[i * d.outputDim]!, i);
}

const CLASSIFIERS = ['xor', 'circle', 'gauss', 'spiral', 'moons'] as const;
const ALL = [...CLASSIFIERS, 'plane', 'regressGauss'] as const;

describe('generated datasets', () => {
  it.each(ALL)('%s has the shapes, task and extent its config asks for', (kind) => {
    const d = make({ kind });
    const regression = kind === 'plane' || kind === 'regressGauss';
    expect(d.task).toBe(regression ? 'regression' : 'binary');
    expect(d.classes).toBe(regression ? 0 : 2);
    expect([d.inputDim, d.outputDim]).toEqual([2, 1]);
    expect(d.train.count).toBe(1000);
    expect([d.train.x.length, d.train.y.length, d.train.points.length]).toEqual([2000, 1000, 2000]);
    expect(d.test.count).toBe(0);
    expect(d.extent).toEqual([-6, 6, -6, 6]);
    expect(d.featureNames).toEqual(['x1', 'x2']);
    expect(Array.from(d.train.x)).toEqual(Array.from(d.train.points));
  });

  it.each(ALL)('%s keeps every point of a noise-free draw inside [-6, 6]²', (kind) => {
    const d = make({ kind });
    let largest = 0;
    for (const v of d.train.points) largest = Math.max(largest, Math.abs(v));
    expect(largest).toBeLessThanOrEqual(6);
    expect(largest).toBeGreaterThan(3);
  });

  it.each(CLASSIFIERS)('%s has exactly balanced binary classes', (kind) => {
    expect(classCounts(make({ kind }))).toEqual([500, 500]);
  });

  it.each(ALL)('%s moves the points with noise but keeps the labels of the same seed', (kind) => {
    const clean = make({ kind, noise: 0 });
    const noisy = make({ kind, noise: 0.5 });
    expect(Array.from(noisy.train.y)).toEqual(Array.from(clean.train.y));
    let moved = 0;
    for (let i = 0; i < clean.train.points.length; i++) moved += Math.abs(noisy.train.points[i]! - clean.train.points[i]!);
    expect(moved / clean.train.points.length).toBeGreaterThan(0.05);
  });

  it('xor labels 1 exactly the points in the first and third quadrants, off the axes', () => {
    forEachPoint(make({ kind: 'xor' }), (x, y, t) => {
      expect(t).toBe(x * y > 0 ? 1 : 0);
      expect(Math.min(Math.abs(x), Math.abs(y))).toBeGreaterThanOrEqual(0.3);
    });
  });

  it('circle labels 1 the inner disc of radius 2.5 and 0 the ring from 3.5 to 5', () => {
    forEachPoint(make({ kind: 'circle' }), (x, y, t) => {
      const r = Math.hypot(x, y);
      if (t === 1) expect(r).toBeLessThanOrEqual(2.5);
      else expect(r).toBeGreaterThanOrEqual(3.5 - 1e-12);
    });
  });

  it('gauss centres its two blobs on (-2,-2) for class 0 and (2,2) for class 1', () => {
    const sums = new Float64Array(4);
    forEachPoint(make({ kind: 'gauss' }), (x, y, t) => {
      sums[2 * t]! += x;
      sums[2 * t + 1]! += y;
    });
    const means = sums.map((s) => s / 500);
    [-2, -2, 2, 2].forEach((c, i) => expect(Math.abs(means[i]! - c)).toBeLessThan(0.1));
  });

  it('spiral puts each class on its arm: angle 3.5π·r/5 plus π per class', () => {
    forEachPoint(make({ kind: 'spiral' }), (x, y, t) => {
      const r = Math.hypot(x, y);
      expect(r).toBeLessThanOrEqual(5);
      const angle = 1.75 * 2 * Math.PI * (r / 5) + Math.PI * t;
      expect(x).toBeCloseTo(r * Math.sin(angle), 9);
      expect(y).toBeCloseTo(r * Math.cos(angle), 9);
    });
  });

  it('moons puts each class on its own half circle of radius 3', () => {
    forEachPoint(make({ kind: 'moons' }), (x, y, t) => {
      const ux = x / 3 + 0.5;
      const uy = y / 3 + 0.25;
      const r = t === 0 ? Math.hypot(ux, uy) : Math.hypot(1 - ux, 0.5 - uy);
      expect(r).toBeCloseTo(1, 12);
      expect(t === 0 ? uy : 0.5 - uy).toBeGreaterThanOrEqual(-1e-12);
    });
  });

  it('plane targets (x + y) / 12 of the clean point, within [-1, 1]', () => {
    forEachPoint(make({ kind: 'plane' }), (x, y, t) => {
      expect(t).toBeCloseTo((x + y) / 12, 12);
      expect(Math.abs(t)).toBeLessThanOrEqual(1);
    });
  });

  it('regressGauss targets the signed bumps, reaching close to ±1 near their centres', () => {
    let max = -Infinity;
    let min = Infinity;
    forEachPoint(make({ kind: 'regressGauss', samples: 5000 }), (x, y, t) => {
      expect(t).toBeCloseTo(bumpsAt(x, y), 12);
      max = Math.max(max, t);
      min = Math.min(min, t);
    });
    expect(max).toBeGreaterThan(0.9);
    expect(min).toBeLessThan(-0.9);
    expect(bumpsAt(-4, 2.5)).toBeCloseTo(1, 2);
    expect(bumpsAt(0, 2.5)).toBeCloseTo(-1, 2);
  });

  it.each([['gauss', 4], ['spiral', 3], ['gauss', 64]] as const)('%s with %i classes is multiclass, one-hot and balanced', (kind, k) => {
    const d = make({ kind, classes: k, samples: 64 * 30 });
    expect([d.task, d.classes, d.outputDim]).toEqual(['multiclass', k, k]);
    expect(d.train.y.length).toBe(d.train.count * k);
    let notOneHot = 0;
    for (let i = 0; i < d.train.count; i++) {
      const row = Array.from(d.train.y.subarray(i * k, i * k + k));
      if (row.filter((v) => v === 1).length !== 1 || row.some((v) => v !== 0 && v !== 1)) notOneHot++;
    }
    expect(notOneHot).toBe(0);
    const counts = classCounts(d);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('a multiclass gauss puts each blob at its own angle on the circle of radius 4', () => {
    const d = make({ kind: 'gauss', classes: 4, samples: 4000 });
    const sums = new Float64Array(8);
    const { points, y, count } = d.train;
    for (let i = 0; i < count; i++) {
      const c = y.subarray(i * 4, i * 4 + 4).indexOf(1);
      sums[2 * c]! += points[2 * i]!;
      sums[2 * c + 1]! += points[2 * i + 1]!;
    }
    for (let c = 0; c < 4; c++) expect(Math.hypot(sums[2 * c]! / 1000, sums[2 * c + 1]! / 1000)).toBeCloseTo(4, 0);
  });
});
