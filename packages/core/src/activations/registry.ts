import type { ActivationName } from '../contract/config.js';
import type { Activation } from './activation.js';
import { leakyRelu } from './leakyRelu.js';
import { linear } from './linear.js';
import { relu } from './relu.js';
import { sigmoid } from './sigmoid.js';
import { softmax } from './softmax.js';
import { tanh } from './tanh.js';

const ACTIVATIONS: Record<ActivationName, Activation> = { sigmoid, tanh, relu, leakyRelu, linear, softmax };

/** Every activation name, in a stable order. */
export const ACTIVATION_NAMES: readonly ActivationName[] = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'linear', 'softmax'];

/** The activation for a name. */
export function getActivation(name: ActivationName): Activation {
  return ACTIVATIONS[name];
}
