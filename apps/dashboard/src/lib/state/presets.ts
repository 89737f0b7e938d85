import { PRESETS as CORE_PRESETS } from '@liveprop/core';

/** Presets the server knows, from core: the seed tutorials, then one per dataset; `spiral` first as the default. */
export const PRESETS: readonly { name: string; label: string }[] = [...CORE_PRESETS]
  .sort((a, b) => Number(b.name === 'spiral') - Number(a.name === 'spiral'))
  .map((p) => ({ name: p.name, label: `${p.name} — ${p.title}` }));

export const DATASET_KINDS = ['spiral', 'xor', 'circle', 'gauss', 'moons', 'plane', 'regressGauss'] as const;
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'leakyRelu', 'linear'] as const;
