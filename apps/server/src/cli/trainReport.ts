import type { EpochMetrics, ExperimentConfig, ModelJson } from '@liveprop/core';

/** The `--json` document of `liveprop train`. */
export interface TrainReport {
  format: 'liveprop.train/1';
  preset: string | null;
  /** The experiment as trained; a CSV dataset's text is left out (see `data`). */
  config: ExperimentConfig;
  /** Path of the `--data` CSV, when one was given. */
  data: string | null;
  epochs: number;
  diverged: boolean;
  /** Metrics of the last epoch (`null` after 0 epochs). NaN (no test split) prints as null. */
  metrics: EpochMetrics | null;
  /** Network outputs on every training input, in dataset order: `[rows][outputs]`. */
  outputs: number[][];
  model: ModelJson;
}

/** The config without the CSV text, which can be megabytes. */
export function configForReport(config: ExperimentConfig): ExperimentConfig {
  const { csv: _csv, ...dataset } = config.dataset;
  return { ...config, dataset };
}

function shape(config: ExperimentConfig): string {
  const { inputs, layers } = config.network;
  const sizes = [inputs, ...layers.map((l) => l.units)].join('-');
  const activations = [...new Set(layers.slice(0, -1).map((l) => l.activation))].join('+');
  return `${sizes} ${activations ? `${activations}/` : ''}${layers[layers.length - 1]!.activation}`;
}

/** The human summary printed after training. */
export function formatSummary(report: TrainReport, seconds: number): string {
  const { config, metrics } = report;
  const t = config.training;
  const name = report.preset ?? (report.data ? report.data : config.dataset.kind);
  const lines = [
    `trained ${name}: ${shape(config)}, ${t.loss} (${t.reduction}), ${t.optimizer.kind} lr ${t.optimizer.learningRate}, batch ${t.batchSize === 0 ? 'full' : t.batchSize}`,
    `${report.epochs} epochs in ${seconds.toFixed(2)} s${report.diverged ? ', stopped: the loss diverged (NaN/Inf)' : ''}`,
  ];
  if (metrics) {
    const acc = (a: number | null): string => (a === null ? '' : `, accuracy ${(100 * a).toFixed(1)}%`);
    lines.push(`train loss ${metrics.trainLoss.toPrecision(6)}${acc(metrics.trainAccuracy)}`);
    if (!Number.isNaN(metrics.testLoss)) lines.push(`test loss  ${metrics.testLoss.toPrecision(6)}${acc(metrics.testAccuracy)}`);
  }
  return `${lines.join('\n')}\n`;
}
