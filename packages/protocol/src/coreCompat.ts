import type { z } from 'zod';
import type { Change, ExperimentConfig, ModelJson } from '@liveprop/core';
import type { changeSchema } from './changeSchema.js';
import type { experimentConfigSchema } from './configSchema.js';
import type { modelJsonSchema } from './rest.js';

/**
 * Compile-time proof that the schemas mirror core's contract exactly. Mutual assignability is not enough: it lets a
 * schema drop an optional field (`numpyRandom.scaleByFanIn` once was), which zod then strips from every frame.
 */
type Exact<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Assert<T extends true> = T;

export type ChangeMirrorsCore = Assert<Exact<z.infer<typeof changeSchema>, Change>>;
export type ConfigMirrorsCore = Assert<Exact<z.infer<typeof experimentConfigSchema>, ExperimentConfig>>;
export type ModelMirrorsCore = Assert<Exact<z.infer<typeof modelJsonSchema>, ModelJson>>;
