import type { ExperimentConfig } from '../contract/config.js';

/** A named, ready-to-run experiment. */
export interface Preset {
  name: string;
  title: string;
  description: string;
  /** Builds a fresh config (callers may mutate it). */
  config(): ExperimentConfig;
}
