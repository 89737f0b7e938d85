import type { DatasetConfig, DatasetKind, FeatureName } from '@liveprop/core';

/** Kinds drawn in the 2-D plane that a session can switch between. */
export const GENERATED_KINDS = ['spiral', 'xor', 'circle', 'gauss', 'moons', 'plane', 'regressGauss'] as const;
type GeneratedKind = (typeof GENERATED_KINDS)[number];
/** Kinds that take more than two classes. */
export const MULTICLASS_KINDS: readonly DatasetKind[] = ['gauss', 'spiral'];
export const MAX_PICKED_CLASSES = 8;

/** Features a 2-D point can feed the network, in TensorFlow Playground's order. */
export const FEATURES: readonly { name: FeatureName; label: string }[] = [
  { name: 'x1', label: 'x1' },
  { name: 'x2', label: 'x2' },
  { name: 'x1Squared', label: 'x1²' },
  { name: 'x2Squared', label: 'x2²' },
  { name: 'x1x2', label: 'x1x2' },
  { name: 'sinX1', label: 'sin x1' },
  { name: 'sinX2', label: 'sin x2' },
];

export const isGenerated = (kind: DatasetKind): kind is GeneratedKind => (GENERATED_KINDS as readonly string[]).includes(kind);

/**
 * The dataset config a change sends: the current settings with `patch` applied, without literal rows, and with
 * `classes` only where the kind takes it (a multi-class count carried to `moons` would be refused).
 */
export function datasetWith(current: DatasetConfig, patch: Partial<DatasetConfig>): DatasetConfig {
  const { csv, fixed: _fixed, classes, ...rest } = current;
  const next: DatasetConfig = { ...rest, ...(current.kind === 'csv' && patch.kind === undefined ? { csv } : {}), ...patch };
  const wantedClasses = patch.classes ?? classes;
  if (MULTICLASS_KINDS.includes(next.kind) && wantedClasses !== undefined) next.classes = wantedClasses;
  else delete next.classes;
  return next;
}

/** The features after toggling one; never empty (the network needs an input). Keeps the canonical order. */
export function toggleFeature(current: readonly FeatureName[], name: FeatureName): FeatureName[] {
  const on = new Set(current);
  if (on.has(name)) {
    if (on.size === 1) return [...current];
    on.delete(name);
  } else {
    on.add(name);
  }
  return FEATURES.map((f) => f.name).filter((n) => on.has(n));
}

/** Label of each input node: feature names for generated data, x1…xn for CSV or literal rows. */
export function inputLabels(dataset: DatasetConfig | undefined, inputs: number): string[] {
  const features = dataset && isGenerated(dataset.kind) ? (dataset.features ?? ['x1', 'x2']) : null;
  return Array.from({ length: inputs }, (_, i) => {
    const name = features?.[i];
    return name ? (FEATURES.find((f) => f.name === name)?.label ?? name) : `x${i + 1}`;
  });
}
