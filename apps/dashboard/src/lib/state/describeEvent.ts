import type { DatasetConfig, OptimizerConfig, RegularizationConfig } from '@liveprop/core';
import { formatChangeValue, formatLearningRate, formatMetric } from './format.js';

/** Names as the controls show them. */
const ACTIVATION_NAMES: Record<string, string> = {
  sigmoid: 'sigmoid', tanh: 'tanh', relu: 'ReLU', leakyRelu: 'leaky ReLU', linear: 'linear', softmax: 'softmax',
};
const LOSS_NAMES: Record<string, string> = {
  squaredError: 'squared error', binaryCrossEntropy: 'cross-entropy', categoricalCrossEntropy: 'categorical cross-entropy',
};
const OPTIMIZER_NAMES: Record<string, string> = { sgd: 'SGD', momentum: 'momentum', adam: 'Adam' };
export const FEATURE_LABELS: Record<string, string> = {
  x1: 'x1', x2: 'x2', x1Squared: 'x1²', x2Squared: 'x2²', x1x2: 'x1x2', sinX1: 'sin x1', sinX2: 'sin x2',
};

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
/** Hidden layer `i` (0-based on the wire) as the diagram labels it. */
const layerName = (i: unknown): string => (typeof i === 'number' ? `L${i + 1}` : 'a layer');
const arrow = (a: string, b: string): string => `${a} → ${b}`;

export const activationName = (a: unknown): string => ACTIVATION_NAMES[String(a)] ?? String(a);
export const lossName = (l: unknown): string => LOSS_NAMES[String(l)] ?? String(l);

function optimizerName(o: unknown): string {
  if (!isRec(o)) return formatChangeValue(o);
  const base = OPTIMIZER_NAMES[String(o.kind)] ?? String(o.kind);
  return o.kind === 'momentum' && o.nesterov ? 'Nesterov momentum' : base;
}

function regularizationText(r: unknown): string {
  if (!isRec(r)) return formatChangeValue(r);
  const reg = r as RegularizationConfig;
  return reg.kind === 'none' ? 'none' : `${reg.kind.toUpperCase()} ${formatMetric(reg.rate)}`;
}

const batchText = (b: unknown): string => (b === 0 ? 'full batch' : formatChangeValue(b));
const percent = (f: unknown): string => (typeof f === 'number' ? `${Math.round(f * 100)}%` : '—');
const featuresText = (f: unknown): string => (Array.isArray(f) ? f.map((n) => FEATURE_LABELS[String(n)] ?? String(n)).join(', ') : 'x1, x2');

/** What changed between two dataset summaries, in the controls' words; several changes join with "; ". */
function datasetText(from: unknown, to: unknown): string {
  if (!isRec(from) || !isRec(to)) return typeof from === 'string' && from === to ? `Dataset: ${from}, new settings` : `Dataset: ${arrow(formatChangeValue(from), formatChangeValue(to))}`;
  const a = from as Partial<DatasetConfig>;
  const b = to as Partial<DatasetConfig>;
  const parts: string[] = [];
  if (a.kind !== b.kind) parts.push(`Dataset: ${arrow(String(a.kind), String(b.kind))}`);
  if (a.noise !== b.noise) parts.push(`noise ${arrow((a.noise ?? 0).toFixed(2), (b.noise ?? 0).toFixed(2))}`);
  if (a.testFraction !== b.testFraction) parts.push(`test split ${arrow(percent(a.testFraction), percent(b.testFraction))}`);
  if (a.samples !== b.samples) parts.push(`points ${arrow(String(a.samples), String(b.samples))}`);
  if (featuresText(a.features) !== featuresText(b.features)) parts.push(`features ${arrow(featuresText(a.features), featuresText(b.features))}`);
  if ((a.classes ?? 0) !== (b.classes ?? 0)) parts.push(`classes ${arrow(String(a.classes ?? '—'), String(b.classes ?? '—'))}`);
  if (parts.length === 0 && a.seed !== b.seed) parts.push('new random points');
  if (parts.length === 0) return `Dataset: ${String(b.kind)}, same settings`;
  const first = parts[0]!;
  const text = first.startsWith('Dataset') ? parts.join('; ') : `Dataset ${String(b.kind)}: ${parts.join('; ')}`;
  return text;
}

/** A restart's report ([R20]): where the weights came from, which epochs are lost, what was re-applied. */
function restoredText(from: unknown, to: unknown): string {
  if (!isRec(to)) return `Restored after a restart at epoch ${formatChangeValue(to)}`;
  const epoch = formatChangeValue(to.epoch);
  const parts = [to.weights === 'initial' ? 'weights start over from the config' : `weights of epoch ${epoch}`];
  if (typeof from === 'number' && num(to.epoch) !== null && from > Number(to.epoch)) parts.push(`epochs ${Number(to.epoch) + 1}–${from} will be retrained`);
  const reapplied = Array.isArray(to.reapplied) ? to.reapplied.filter(isRec) : [];
  if (reapplied.length > 0) parts.push(`re-applied ${reapplied.map((c) => describeEvent(String(c.what), c.from, c.to)).join('; ')}`);
  const lost = Array.isArray(to.notRestored) ? to.notRestored.map(String) : [];
  if (lost.length > 0) parts.push(`not restored: ${lost.join('; ')}`);
  return `Restored after a restart: ${parts.join(', ')}`;
}

/** One kept event as a sentence in the dashboard's own words ("Loss: squared error → cross-entropy"). */
export function describeEvent(what: string, from: unknown, to: unknown): string {
  switch (what) {
    case 'learningRate':
      return `Learning rate ${arrow(typeof from === 'number' ? formatLearningRate(from) : '—', typeof to === 'number' ? formatLearningRate(to) : '—')}`;
    case 'optimizer': {
      const a = from as OptimizerConfig | undefined;
      const b = to as OptimizerConfig | undefined;
      if (a && b && a.kind === b.kind && a.kind === 'momentum' && b.kind === 'momentum') return `Momentum ${arrow(String(a.momentum), String(b.momentum))}`;
      return `Optimizer: ${arrow(optimizerName(from), optimizerName(to))}`;
    }
    case 'batchSize':
      return `Batch size ${arrow(batchText(from), batchText(to))}`;
    case 'activation':
      if (isRec(to)) return `Activation of ${layerName(to.layer)}: ${arrow(activationName(isRec(from) ? from.activation : from), activationName(to.activation))}`;
      return `Activation: ${arrow(activationName(from), activationName(to))}`;
    case 'loss': {
      const a = isRec(from) ? from : { loss: from };
      const b = isRec(to) ? to : { loss: to };
      const reduction = a.reduction !== b.reduction && b.reduction ? ` (${arrow(String(a.reduction), String(b.reduction))})` : '';
      return `Loss: ${arrow(lossName(a.loss), lossName(b.loss))}${reduction}`;
    }
    case 'regularization':
      return `Regularization: ${arrow(regularizationText(from), regularizationText(to))}`;
    case 'addLayer':
      return isRec(to) ? `Added ${layerName(to.index)}: ${formatChangeValue(to.units)} ${activationName(to.activation)} neurons` : 'Added a layer';
    case 'removeLayer':
      return isRec(from) ? `Removed ${layerName(from.index)} (${formatChangeValue(from.units)} ${activationName(from.activation)} neurons)` : 'Removed a layer';
    case 'addNeuron':
      return isRec(from) && isRec(to) ? `${layerName(to.layer)}: ${arrow(String(from.units), String(to.units))} neurons` : 'Added a neuron';
    case 'removeNeuron':
      return isRec(from) && isRec(to)
        ? `${layerName(to.layer)}: removed neuron ${num(from.neuron) === null ? '' : Number(from.neuron) + 1}, ${arrow(String(from.units), String(to.units))} neurons`
        : 'Removed a neuron';
    case 'dataset':
      return datasetText(from, to);
    case 'reset':
      return to === 'replay' ? `Replayed from the same initial weights (was at epoch ${formatChangeValue(from)})` : `Reset to new random weights (was at epoch ${formatChangeValue(from)})`;
    case 'rollback':
      return `Rolled back to epoch ${formatChangeValue(to)}`;
    case 'diverged':
      return 'Loss diverged (NaN or ∞): paused';
    case 'name':
      return `Renamed “${formatChangeValue(from)}” → “${formatChangeValue(to)}”`;
    case 'restored':
      return restoredText(from, to);
    case 'fork':
      return `Forked at epoch ${formatChangeValue(from)} into session ${formatChangeValue(to)}`;
    default:
      return `${what}: ${arrow(formatChangeValue(from), formatChangeValue(to))}`;
  }
}
