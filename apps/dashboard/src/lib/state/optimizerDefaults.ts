import type { OptimizerConfig } from '@liveprop/core';

/** A fresh optimizer of `kind` that keeps the current learning rate, with the usual default settings. */
export function optimizerWithRate(kind: OptimizerConfig['kind'], learningRate: number): OptimizerConfig {
  switch (kind) {
    case 'sgd':
      return { kind, learningRate };
    case 'momentum':
      return { kind, learningRate, momentum: 0.9 };
    case 'adam':
      return { kind, learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
  }
}
