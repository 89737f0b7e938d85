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
