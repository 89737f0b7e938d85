import type { ExperimentConfig } from '@liveprop/core';
import type { DatasetPoints } from '@liveprop/protocol';

/** One training row the viewer can pick, with what the dashboard knows of its input and target. */
export interface SampleChoice {
  index: number;
  inputs: number[];
  targets: number[];
}

/** How many rows the picker lists; any other row is one number away in its input. */
export const LISTED_SAMPLES = 8;

/**
 * The first training rows to offer: a `fixed` dataset's literal rows (the tutorials), else the raw 2-D points
 * with their label. Empty when the dashboard holds neither (CSV with more than two columns).
 */
export function sampleChoices(config: ExperimentConfig | null, points: DatasetPoints, limit = LISTED_SAMPLES): SampleChoice[] {
  const fixed = config?.dataset.kind === 'fixed' ? config.dataset.fixed : undefined;
  if (fixed) {
    return fixed.inputs.slice(0, limit).map((inputs, index) => ({ index, inputs, targets: fixed.targets[index] ?? [] }));
  }
  if (!points) return [];
  const { x1, x2, label } = points.train;
  const count = Math.min(limit, x1.length);
  return Array.from({ length: count }, (_, index) => ({ index, inputs: [x1[index]!, x2[index]!], targets: [label[index]!] }));
}

/** Training rows in the session, when the dashboard can tell; `null` when unknown. */
export function trainingRowCount(config: ExperimentConfig | null, points: DatasetPoints): number | null {
  if (config?.dataset.kind === 'fixed' && config.dataset.fixed) return config.dataset.fixed.inputs.length;
  return points ? points.train.x1.length : null;
}
