import { createDataset, type ExperimentConfig, type Samples, type Trainer } from '@liveprop/core';
import type { DatasetPoints } from '@liveprop/protocol';

function pointsOfSplit(s: Samples, outputDim: number): { x1: number[]; x2: number[]; label: number[] } {
  const out = { x1: [] as number[], x2: [] as number[], label: [] as number[] };
  for (let i = 0; i < s.count; i++) {
    out.x1.push(s.points[2 * i]!);
    out.x2.push(s.points[2 * i + 1]!);
    if (outputDim === 1) {
      out.label.push(s.y[i]!);
    } else {
      let best = 0;
      for (let k = 1; k < outputDim; k++) if (s.y[i * outputDim + k]! > s.y[i * outputDim + best]!) best = k;
      out.label.push(best);
    }
  }
  return out;
}

/**
 * The raw 2-D points of a trainer's dataset with one label each (the target for binary and regression, the class
 * index for one-hot), or `null` when the data is not 2-D. Datasets are deterministic in their config, so rebuilding
 * it here yields the trainer's very points.
 */
export function pointsOf(trainer: Trainer): DatasetPoints {
  return datasetPoints(trainer.config);
}

/** {@link pointsOf} from a config alone: what a hibernated session shows without building its trainer. */
export function datasetPoints(config: ExperimentConfig): DatasetPoints {
  const created = createDataset(config.dataset);
  if (!created.ok || created.value.extent === null) return null;
  const d = created.value;
  if (d.train.points.length !== 2 * d.train.count) return null;
  return { train: pointsOfSplit(d.train, d.outputDim), test: pointsOfSplit(d.test, d.outputDim) };
}
