import { describe, expect, it } from 'vitest';
import type { EpochMetrics } from '@liveprop/core';
import { fromMetricColumns, toMetricColumns } from './metricColumns.js';

describe('metric columns', () => {
  it('[R8] round-trips finite metrics exactly and NaN losses as NaN', () => {
    const epochs: EpochMetrics[] = [
      { epoch: 1, trainLoss: 0.1234567890123, testLoss: 0.2, trainAccuracy: 0.5, testAccuracy: 0.25, learningRate: 0.03, epochMs: 0.7 },
      { epoch: 2, trainLoss: Number.NaN, testLoss: Number.POSITIVE_INFINITY, trainAccuracy: null, testAccuracy: null, learningRate: 0.03, epochMs: 0.6 },
    ];
    const columns = JSON.parse(JSON.stringify(toMetricColumns(epochs)));
    expect(columns.trainLoss).toEqual([0.1234567890123, null]);
    const back = fromMetricColumns(columns);
    expect(back[0]).toEqual(epochs[0]);
    expect(back[1]!.trainLoss).toBeNaN();
    expect(back[1]!.testLoss).toBeNaN();
    expect(back[1]!.trainAccuracy).toBeNull();
  });
});
