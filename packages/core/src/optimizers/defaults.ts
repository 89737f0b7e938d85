import type { OptimizerConfig } from '../contract/config.js';

/** Every optimizer kind, in the order a menu lists them. */
export const OPTIMIZER_KINDS = ['sgd', 'momentum', 'adam'] as const satisfies readonly OptimizerConfig['kind'][];

type Unlisted = Exclude<OptimizerConfig['kind'], (typeof OPTIMIZER_KINDS)[number]>;
/** Fails to compile, naming the kind, when `OptimizerConfig` has a kind `OPTIMIZER_KINDS` does not list. */
export const EVERY_OPTIMIZER_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;

/**
 * An optimizer of `kind` at `learningRate` with the usual settings for the rest (momentum 0.9; Adam's β₁ 0.9,
 * β₂ 0.999, ε 1e-8). The one place these defaults live: presets, the CLI and the dashboard all start from here.
 */
export function defaultOptimizer(kind: OptimizerConfig['kind'], learningRate: number): OptimizerConfig {
  switch (kind) {
    case 'sgd':
      return { kind, learningRate };
    case 'momentum':
      return { kind, learningRate, momentum: 0.9 };
    case 'adam':
      return { kind, learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
  }
}
