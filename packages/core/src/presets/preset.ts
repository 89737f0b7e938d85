import type { ExperimentConfig } from '../training/config.js';

/** A named, ready-to-run experiment. */
export interface Preset {
  name: string;
  title: string;
  description: string;
  /** Builds a fresh config (callers may mutate it). */
  config(): ExperimentConfig;
}
