import type { EpochMetrics } from '@liveprop/core';
import { byMetric, METRIC_COLUMNS } from './metricNames.js';
import type { MetricColumns } from './serverMessages.js';

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
const nullToNaN = (x: number | null | undefined): number => (x === null || x === undefined ? Number.NaN : x);

/** Packs epoch metrics into columns; non-finite numbers become `null` because JSON cannot carry them. */
export function toMetricColumns(epochs: readonly EpochMetrics[]): MetricColumns {
  const columns: MetricColumns = byMetric(METRIC_COLUMNS, () => []);
  for (const m of epochs) {
    columns.epoch.push(m.epoch);
    columns.trainLoss.push(finiteOrNull(m.trainLoss));
    columns.testLoss.push(finiteOrNull(m.testLoss));
    columns.trainAccuracy.push(m.trainAccuracy === null ? null : finiteOrNull(m.trainAccuracy));
    columns.testAccuracy.push(m.testAccuracy === null ? null : finiteOrNull(m.testAccuracy));
    columns.learningRate.push(finiteOrNull(m.learningRate));
    columns.epochMs.push(finiteOrNull(m.epochMs));
  }
  return columns;
}

/** Unpacks columns into epoch metrics: `null` losses come back as NaN, `null` accuracies stay `null`. */
export function fromMetricColumns(columns: MetricColumns): EpochMetrics[] {
  const out: EpochMetrics[] = [];
  for (let i = 0; i < columns.epoch.length; i++) {
    out.push({
      epoch: columns.epoch[i] ?? 0,
      trainLoss: nullToNaN(columns.trainLoss[i]),
      testLoss: nullToNaN(columns.testLoss[i]),
      trainAccuracy: columns.trainAccuracy[i] ?? null,
      testAccuracy: columns.testAccuracy[i] ?? null,
      learningRate: nullToNaN(columns.learningRate[i]),
      epochMs: nullToNaN(columns.epochMs[i]),
    });
  }
  return out;
}
