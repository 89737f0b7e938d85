import type { ExperimentConfig } from '@liveprop/core';

/**
 * The config a session reports (events, `sessionState`, the store's state row, the lobby): a CSV dataset without
 * its text, which may be 64 MiB. The worker keeps the text, and its checkpoints carry it for restores and forks.
 */
export function withoutCsvText(config: ExperimentConfig): ExperimentConfig {
  if (config.dataset.csv === undefined) return config;
  const { csv: _csv, ...dataset } = config.dataset;
  return { ...config, dataset };
}

/**
 * A reported config with its CSV text put back from `source` (a checkpoint's config), so it can be compared with and
 * restored into: the text is the one thing a reported config leaves out.
 */
export function withCsvTextOf(config: ExperimentConfig, source: ExperimentConfig): ExperimentConfig {
  const csv = source.dataset.csv;
  if (config.dataset.kind !== 'csv' || config.dataset.csv !== undefined || csv === undefined) return config;
  return { ...config, dataset: { ...config.dataset, csv } };
}
