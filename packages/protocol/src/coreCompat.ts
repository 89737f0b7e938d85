import type { z } from 'zod';
import type { Change, ExperimentConfig } from '@liveprop/core';
import type { changeSchema } from './changeSchema.js';
import type { experimentConfigSchema } from './configSchema.js';

/** Compile-time proof that the schemas mirror core's contract: a parsed value is usable as the core type and back. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

export type ChangeMirrorsCore = Assert<Same<z.infer<typeof changeSchema>, Change>>;
export type ConfigMirrorsCore = Assert<Same<z.infer<typeof experimentConfigSchema>, ExperimentConfig>>;
