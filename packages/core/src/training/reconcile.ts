import type { Change, ChangeApplied, ExperimentConfig, LayerConfig } from '../contract/config.js';
import type { Trainer } from './trainer.js';

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const sameLayer = (a: LayerConfig | undefined, b: LayerConfig | undefined): boolean =>
  a !== undefined && b !== undefined && a.units === b.units && a.activation === b.activation;

/**
 * The live changes that would move `from` one step closer to `to`, most fundamental first: dataset (it sizes the
 * input and output), hidden layers, neurons, activations, then training settings. Only what a live change can
 * reach is compared; `seed`, `shuffle`, `init` and initial weights are a new run's, not a change's.
 */
export function configChanges(from: ExperimentConfig, to: ExperimentConfig): Change[] {
  if (!sameJson(from.dataset, to.dataset)) return [{ what: 'dataset', value: to.dataset }];
  return [...layerChanges(from.network.layers, to.network.layers), ...trainingChanges(from, to)];
}

function layerChanges(from: readonly LayerConfig[], to: readonly LayerConfig[]): Change[] {
  const a = from.slice(0, -1);
  const b = to.slice(0, -1);
  // The first hidden layer that differs is where a layer was added or removed (one at a time, as users do).
  const at = firstDifference(a, b);
  if (a.length > b.length) return [{ what: 'removeLayer', index: at }];
  if (a.length < b.length) {
    const added = b[at]!;
    return [{ what: 'addLayer', index: at, units: added.units, activation: added.activation }];
  }
  const changes: Change[] = [];
  for (const [layer, want] of b.entries()) {
    const have = a[layer]!;
    if (have.units < want.units) changes.push({ what: 'addNeuron', layer });
    if (have.units > want.units) changes.push({ what: 'removeNeuron', layer, neuron: have.units - 1 });
    if (have.activation !== want.activation) changes.push({ what: 'activation', layer, value: want.activation });
  }
  const output = to.length - 1;
  if (from[output]?.activation !== to[output]!.activation) changes.push({ what: 'activation', layer: output, value: to[output]!.activation });
  return changes;
}

function firstDifference(a: readonly LayerConfig[], b: readonly LayerConfig[]): number {
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) if (!sameLayer(a[i], b[i])) return i;
  return shorter;
}

function trainingChanges(from: ExperimentConfig, to: ExperimentConfig): Change[] {
  const a = from.training;
  const b = to.training;
  const changes: Change[] = [];
  if (a.loss !== b.loss || a.reduction !== b.reduction) changes.push({ what: 'loss', value: b.loss, reduction: b.reduction });
  if (!sameJson(a.optimizer, b.optimizer)) {
    const onlyRate = sameJson({ ...a.optimizer, learningRate: b.optimizer.learningRate }, b.optimizer);
    changes.push(onlyRate ? { what: 'learningRate', value: b.optimizer.learningRate } : { what: 'optimizer', value: b.optimizer });
  }
  if (a.batchSize !== b.batchSize) changes.push({ what: 'batchSize', value: b.batchSize });
  if (!sameJson(a.regularization, b.regularization)) changes.push({ what: 'regularization', value: b.regularization });
  return changes;
}

/** What {@link reconcile} did: the changes applied, in order, and those it could not apply. */
export interface Reconciled {
  applied: ChangeApplied[];
  /** Differences left, as the changes that were refused (with core's reason). */
  left: { change: Change; message: string }[];
}

/**
 * Brings a trainer restored from an older checkpoint into the config its users last saw, through the same live
 * changes they made: weights of untouched layers stay the checkpoint's. Stops when nothing differs or no
 * remaining change applies; each applied change closes part of the gap, and `budget` bounds them regardless.
 */
export function reconcile(trainer: Trainer, target: ExperimentConfig): Reconciled {
  const applied: ChangeApplied[] = [];
  const budget = 16 + unitCount(trainer.config) + unitCount(target);
  while (applied.length < budget) {
    const candidates = configChanges(trainer.config, target);
    const refused: Reconciled['left'] = [];
    let progressed = false;
    for (const change of candidates) {
      const result = trainer.apply(change);
      if (result.ok) {
        applied.push(result.value);
        progressed = true;
        break;
      }
      refused.push({ change, message: result.message });
    }
    if (!progressed) return { applied, left: refused };
  }
  return { applied, left: configChanges(trainer.config, target).map((change) => ({ change, message: 'not reached within the change budget' })) };
}

const unitCount = (c: ExperimentConfig): number => c.network.layers.reduce((sum, l) => sum + l.units, 0);
