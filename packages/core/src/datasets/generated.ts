import { MT19937 } from '../rng/mt19937.js';
import { sliceSamples } from './assemble.js';
import { GENERATED_EXTENT } from './extent.js';
import { featureCodes, writeFeatures } from './features.js';
import { GENERATORS } from './generators/registry.js';
import { shuffledClasses, testCountOf } from './split.js';
import { encodeLabels, outputDimOf } from './targets.js';
import type { Dataset, TaskKind } from './types.js';
import type { GeneratedSettings } from './validate.js';

/**
 * Draws a generated dataset from its own MT19937 seeded with `settings.seed`. Classes are dealt
 * in a shuffled, balanced order before the points are drawn, so rows are already random and the
 * first `testCount` become the test split: contiguous copies instead of a cache-missing gather.
 */
export function createGenerated(settings: GeneratedSettings): Dataset {
  const { samples, classes } = settings;
  const rng = new MT19937(settings.seed);
  const labels = classes > 0 ? shuffledClasses(samples, classes, rng) : new Float64Array(samples);
  const raw = { points: new Float64Array(samples * 2), labels };
  GENERATORS[settings.kind](raw, settings.noise, classes, rng);

  const task: TaskKind = classes === 0 ? 'regression' : classes === 2 ? 'binary' : 'multiclass';
  const codes = featureCodes(settings.features);
  const inputDim = codes.length;
  const x = new Float64Array(samples * inputDim);
  for (let i = 0; i < samples; i++) writeFeatures(codes, raw.points[2 * i]!, raw.points[2 * i + 1]!, x, i * inputDim);

  const outputDim = outputDimOf(task, classes);
  const table = { inputDim, outputDim, x, y: encodeLabels(labels, task, classes), points: raw.points };
  const testCount = testCountOf(samples, settings.testFraction);
  return {
    inputDim,
    outputDim,
    task,
    classes,
    train: sliceSamples(table, testCount, samples),
    test: sliceSamples(table, 0, testCount),
    featureNames: [...settings.features],
    extent: [...GENERATED_EXTENT],
    features(px: number, py: number, out: Float64Array): void {
      writeFeatures(codes, px, py, out, 0);
    },
  };
}
