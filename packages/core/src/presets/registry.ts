import type { ExperimentConfig } from '../contract/config.js';
import { DATASET_PRESETS } from './datasetPresets.js';
import type { Preset } from './preset.js';
import { TUTORIAL_PRESETS } from './tutorials.js';

/** Every preset: the seed tutorials first, then one per dataset. */
export const PRESETS: readonly Preset[] = [...TUTORIAL_PRESETS, ...DATASET_PRESETS];

/** Every preset name, in display order. */
export const PRESET_NAMES: readonly string[] = PRESETS.map((p) => p.name);

/** A fresh config for a preset name, or `undefined` for an unknown name. */
export function getPreset(name: string): ExperimentConfig | undefined {
  return PRESETS.find((p) => p.name === name)?.config();
}

/** Title and description of a preset, or `undefined` for an unknown name. */
export function getPresetInfo(name: string): { name: string; title: string; description: string } | undefined {
  const preset = PRESETS.find((p) => p.name === name);
  return preset && { name: preset.name, title: preset.title, description: preset.description };
}
