import type { ActivationName, BiasConfig, TrainingConfig } from '@liveprop/core';
import { spaceTex, weightTex } from './naming.js';

/** TeX of an activation applied to `arg`: `\sigma(z_h)`. */
export function activationTex(name: ActivationName, arg: string): string {
  switch (name) {
    case 'sigmoid':
      return `\\sigma(${arg})`;
    case 'tanh':
      return `\\tanh(${arg})`;
    case 'relu':
      return `\\operatorname{relu}(${arg})`;
    case 'leakyRelu':
      return `\\operatorname{lrelu}(${arg})`;
    case 'linear':
      return arg;
    case 'softmax':
      return `\\operatorname{softmax}(${arg})`;
  }
}

/** TeX of the activation's derivative at `arg`: `\sigma'(z_h)`. */
export function derivativeTex(name: ActivationName, arg: string): string {
  return name === 'linear' ? '1' : activationTex(name, arg).replace(/\(/, "'(");
}

/** The scale the loss reduction puts in front of every gradient: nothing for `sum`, `\tfrac{1}{n}` for `mean`. */
function reductionTex(training: TrainingConfig): string {
  return training.reduction === 'mean' ? '\\tfrac{1}{n}' : '';
}

/** Where one dense layer sits, for its formulas. */
export interface LayerPlace {
  /** Dense layer index, 0 = first hidden. */
  layer: number;
  /** Number of dense layers. */
  layers: number;
  activation: ActivationName;
  bias: BiasConfig;
}

/** Forward-pass formulas of one layer. */
export function forwardTex(p: LayerPlace): { z: string; a: string } {
  const input = spaceTex(p.layer, p.layers).value;
  const out = spaceTex(p.layer + 1, p.layers);
  const bias = p.bias.kind === 'none' ? '' : ` + ${out.bias}`;
  return { z: `${out.z} = ${weightTex(p.layer)}\\,${input}${bias}`, a: `${out.value} = ${activationTex(p.activation, out.z)}` };
}

/** The loss the step minimises, over the batch, plus the penalty when there is one. */
export function lossTex(training: TrainingConfig, layers: number): string {
  const a = spaceTex(layers, layers).value;
  const sum = `${reductionTex(training)}\\sum_{n}`;
  let data: string;
  switch (training.loss) {
    case 'squaredError':
      data = `${sum} \\tfrac{1}{2}(${a} - y)^2`;
      break;
    case 'binaryCrossEntropy':
      data = `-${sum} \\left[y \\ln ${a} + (1-y)\\ln(1-${a})\\right]`;
      break;
    case 'categoricalCrossEntropy':
      data = `-${sum} y \\ln ${a}`;
      break;
  }
  const reg = training.regularization;
  const penalty = reg.kind === 'l2' ? ' + \\tfrac{\\lambda}{2}\\sum w^2' : reg.kind === 'l1' ? ' + \\lambda\\sum |w|' : '';
  return `E = ${data}${penalty}`;
}

/** `δ = ∂E/∂z` of the output layer, in the form core computes it. */
export function outputDeltaTex(p: LayerPlace, training: TrainingConfig): string {
  const out = spaceTex(p.layers, p.layers);
  const scale = reductionTex(training);
  const combined =
    (p.activation === 'softmax' && training.loss === 'categoricalCrossEntropy') ||
    (p.activation === 'sigmoid' && training.loss === 'binaryCrossEntropy');
  if (combined) return `${out.delta} = ${scale}(${out.value} - y)`;
  const dEda = training.loss === 'squaredError' ? `(${out.value} - y)` : `\\frac{\\partial E}{\\partial ${out.value}}`;
  return `${out.delta} = \\frac{\\partial E}{\\partial ${out.z}} = ${scale}${dEda} \\odot ${derivativeTex(p.activation, out.z)}`;
}

/** `δ` of a hidden layer: the next layer's δ sent back through its weights (column vectors, one per sample). */
export function hiddenDeltaTex(p: LayerPlace): string {
  const here = spaceTex(p.layer + 1, p.layers);
  const next = spaceTex(p.layer + 2, p.layers);
  return `${here.delta} = (${weightTex(p.layer + 1)}^{\\top} ${next.delta}) \\odot ${derivativeTex(p.activation, here.z)}`;
}

/** Gradients of one layer, summed over the batch: `∂E/∂w = Σ δ·inputᵀ` and `∂E/∂b = Σ δ`. */
export function gradientTex(p: LayerPlace, training: TrainingConfig): { dW: string; db: string } {
  const w = weightTex(p.layer);
  const input = spaceTex(p.layer, p.layers).value;
  const out = spaceTex(p.layer + 1, p.layers);
  const reg = training.regularization;
  const penalty = reg.kind === 'l2' ? ' + \\lambda w' : reg.kind === 'l1' ? ' + \\lambda\\operatorname{sign}(w)' : '';
  const shared = p.bias.kind === 'shared' ? '\\sum_{j}' : '';
  return {
    dW: `\\frac{\\partial E}{\\partial ${w}} = \\sum_{n} ${out.delta}\\, ${input}^{\\top}${penalty}`,
    db: `\\frac{\\partial E}{\\partial ${out.bias}} = \\sum_{n}${shared} ${out.delta}`,
  };
}

/**
 * The optimizer's update of parameter `param` (TeX name) and the new value: the very arithmetic core's optimizers run
 * (momentum in PyTorch's form, `v = μv + g; p −= η v`, Nesterov `p −= η (g + μ v)`).
 */
export function updateTex(param: string, training: TrainingConfig, frozen = false): { update: string; after: string } {
  const grad = `\\frac{\\partial E}{\\partial ${param}}`;
  const opt = training.optimizer;
  let update: string;
  if (frozen) {
    update = `\\Delta ${param} = 0 \\quad \\text{(frozen)}`;
  } else {
    switch (opt.kind) {
      case 'sgd':
        update = `\\Delta ${param} = -\\eta\\, ${grad}, \\quad \\eta = ${opt.learningRate}`;
        break;
      case 'momentum': {
        const step = opt.nesterov === true ? `-\\eta\\, (${grad} + \\mu v)` : '-\\eta\\, v';
        const name = opt.nesterov === true ? ' \\quad \\text{(Nesterov)}' : '';
        update = `v \\leftarrow \\mu v + ${grad}, \\quad \\Delta ${param} = ${step}, \\quad \\eta = ${opt.learningRate},\\ \\mu = ${opt.momentum}${name}`;
        break;
      }
      case 'adam':
        update = `\\Delta ${param} = -\\eta\\, \\frac{\\hat m}{\\sqrt{\\hat v} + \\epsilon}, \\quad \\eta = ${opt.learningRate}`;
        break;
      default: {
        const never: never = opt;
        throw new Error(`no update formula for optimizer ${JSON.stringify(never)}`);
      }
    }
  }
  return { update, after: `${param}' = ${param} + \\Delta ${param}` };
}
