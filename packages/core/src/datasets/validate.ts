import type { DatasetConfig, FeatureName } from '../contract/config.js';
import { CONFIG_RANGES as R, LIMITS } from '../contract/limits.js';
import type { CoreResult } from '../contract/errors.js';
import { describe, fail } from './fail.js';
import { DEFAULT_FEATURES, FEATURE_NAMES } from './features.js';
import type { GeneratedKind } from './kinds.js';
import { DATASET_KINDS, MULTICLASS_KINDS, REGRESSION_KINDS } from './kinds.js';

/** Code of every dataset config error that is not about CSV or fixed data. */
export const INVALID_DATASET = 'invalid_dataset';


/** The fields shared by every kind, checked. */
export interface CommonSettings {
  seed: number;
  testFraction: number;
}

/** A generated dataset's config, checked and with defaults filled in. */
export interface GeneratedSettings extends CommonSettings {
  kind: GeneratedKind;
  samples: number;
  noise: number;
  features: FeatureName[];
  classes: number;
}

function isNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return isNumberIn(value, min, max) && Number.isInteger(value);
}

function invalid(field: string, expected: string, got: unknown): CoreResult<never> {
  return fail(INVALID_DATASET, `dataset.${field} must be ${expected}, got ${describe(got)}`);
}

/** Checks the fields every dataset has: kind, seed, test fraction, samples and noise (CSV and fixed data ignore the last two). */
export function validateCommon(config: DatasetConfig): CoreResult<CommonSettings> {
  if (typeof config !== 'object' || config === null) return fail(INVALID_DATASET, `dataset must be an object, got ${describe(config)}`);
  if (!DATASET_KINDS.includes(config.kind)) {
    return fail('unknown_dataset_kind', `dataset.kind must be one of ${DATASET_KINDS.join(', ')}, got ${describe(config.kind)}`);
  }
  if (!isIntegerIn(config.seed, R.seed.min, R.seed.max)) return invalid('seed', `an integer in 0..${R.seed.max}`, config.seed);
  if (!isNumberIn(config.testFraction, R.testFraction.min, R.testFraction.max)) {
    return invalid('testFraction', `a number in 0..${R.testFraction.max}`, config.testFraction);
  }
  const minSamples = config.kind === 'csv' || config.kind === 'fixed' ? R.samples.min : 1;
  if (!isIntegerIn(config.samples, minSamples, R.samples.max)) {
    return invalid('samples', `an integer in ${minSamples}..${R.samples.max}`, config.samples);
  }
  if (!isNumberIn(config.noise, R.noise.min, R.noise.max)) return invalid('noise', 'a number in 0..1', config.noise);
  return { ok: true, value: { seed: config.seed, testFraction: config.testFraction } };
}

/** Checks a generated kind's samples, noise, features and classes, filling in defaults. */
export function validateGenerated(config: DatasetConfig, kind: GeneratedKind, common: CommonSettings): CoreResult<GeneratedSettings> {
  const features = config.features ?? DEFAULT_FEATURES;
  if (!Array.isArray(features) || features.length === 0) return invalid('features', 'a non-empty array of feature names', features);
  for (let i = 0; i < features.length; i++) {
    if (!FEATURE_NAMES.includes(features[i]!)) {
      return invalid(`features[${i}]`, `one of ${FEATURE_NAMES.join(', ')}`, features[i]);
    }
    if (features.indexOf(features[i]!) !== i) return invalid(`features[${i}]`, 'a feature not listed before', features[i]);
  }

  let classes = 2;
  if (REGRESSION_KINDS.includes(kind)) {
    classes = 0;
  } else if (MULTICLASS_KINDS.includes(kind)) {
    if (config.classes !== undefined && !isIntegerIn(config.classes, 2, LIMITS.maxClasses)) {
      return invalid('classes', `an integer in 2..${LIMITS.maxClasses}`, config.classes);
    }
    classes = config.classes ?? 2;
  } else if (config.classes !== undefined && config.classes !== 2) {
    return invalid('classes', `2 for kind ${kind} (only ${MULTICLASS_KINDS.join(' and ')} take more)`, config.classes);
  }

  return { ok: true, value: { ...common, kind, samples: config.samples, noise: config.noise, features: [...features], classes } };
}
