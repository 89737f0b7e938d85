import { cloneJson } from '../contract/cloneJson.js';
import type { Network } from '../network/network.js';
import { MT19937, type Mt19937State } from '../rng/mt19937.js';
import type { EpochMetrics, ExperimentConfig } from '../contract/config.js';
import type { FiniteState, SavedLayer } from './finiteState.js';
import type { TrainingState } from './state.js';

/** One layer's parameters and optimizer slots as plain arrays (`null` stands for a NaN that JSON dropped). */
export interface CheckpointLayer {
  w: (number | null)[];
  b: (number | null)[];
  wM: (number | null)[];
  wV: (number | null)[];
  bM: (number | null)[];
  bV: (number | null)[];
  /** `DenseLayer.stepScale`, when an edit set one. */
  stepScale?: number[];
  /**
   * The last step's gradients, so a restored run shows the gradient norms it showed before; absent in a finite
   * state's layers and in checkpoints written before they were kept (those restore zeros).
   */
  dw?: (number | null)[];
  db?: (number | null)[];
}

/** Everything needed to continue a run exactly where it stopped; JSON-able. */
export interface TrainerCheckpoint {
  format: 'liveprop.checkpoint/1';
  /** The config as it is now (live changes applied). */
  config: ExperimentConfig;
  epoch: number;
  step: number;
  cursor: number;
  diverged: boolean;
  epochLoss: number;
  epochCorrect: number;
  order: number[];
  rng: Mt19937State;
  lastMetrics: EpochMetrics | null;
  layers: CheckpointLayer[];
  finite: { epoch: number; step: number; metrics: EpochMetrics | null; layers: CheckpointLayer[] } | null;
}

const SLOTS = ['w', 'b', 'wM', 'wV', 'bM', 'bV'] as const;

/** The numbers as JSON keeps them: NaN as `null`. */
function plain(values: Float64Array): (number | null)[] {
  return Array.from(values, (v) => (Number.isNaN(v) ? null : v));
}

function toLayer(src: SavedLayer): CheckpointLayer {
  const out = {} as CheckpointLayer;
  for (const key of SLOTS) out[key] = plain(src[key]);
  return out;
}

/** Copies a checkpoint's numbers into `into`; throws naming `where` when they do not fit. */
function readNumbers(values: (number | null)[] | undefined, into: Float64Array, where: string): void {
  if (!Array.isArray(values) || values.length !== into.length) {
    throw new RangeError(`${where} has ${Array.isArray(values) ? values.length : 'no'} numbers, expected ${into.length}`);
  }
  for (let k = 0; k < values.length; k++) into[k] = values[k] ?? Number.NaN;
}

const GRADIENTS = ['dw', 'db'] as const;

/** A live layer as a checkpoint keeps it: its slots, its last step's gradients and its step scale. */
function withGradients(layer: Network['layers'][number]): CheckpointLayer {
  const out = toLayer(layer);
  for (const key of GRADIENTS) out[key] = plain(layer[key]);
  return layer.stepScale ? { ...out, stepScale: Array.from(layer.stepScale) } : out;
}

function readGradients(src: CheckpointLayer, into: Network['layers'][number], where: string): void {
  for (const key of GRADIENTS) if (src[key] !== undefined) readNumbers(src[key], into[key], `${where}.${key}`);
}

function fromLayer(src: CheckpointLayer, into: SavedLayer, where: string): void {
  for (const key of SLOTS) readNumbers(src[key], into[key], `${where}.${key}`);
}

/** Captures a trainer's full state. */
export function writeCheckpoint(state: TrainingState): TrainerCheckpoint {
  const finite = state.finite && state.finite.shapeVersion === state.network.shapeVersion ? state.finite : null;
  return {
    format: 'liveprop.checkpoint/1',
    config: cloneJson(state.config),
    epoch: state.epoch,
    step: state.step,
    cursor: state.cursor,
    diverged: state.diverged,
    epochLoss: state.epochLoss,
    epochCorrect: state.epochCorrect,
    order: Array.from(state.order),
    rng: state.rng.state(),
    lastMetrics: state.lastMetrics,
    layers: state.network.layers.map(withGradients),
    finite: finite && { epoch: finite.epoch, step: finite.step, metrics: finite.metrics, layers: finite.layers.map(toLayer) },
  };
}

function blankLike(net: Network): SavedLayer[] {
  return net.layers.map((l) => ({
    w: new Float64Array(l.w.length),
    b: new Float64Array(l.b.length),
    wM: new Float64Array(l.wM.length),
    wV: new Float64Array(l.wV.length),
    bM: new Float64Array(l.bM.length),
    bV: new Float64Array(l.bV.length),
  }));
}

/** Loads a checkpoint's run state into a freshly built state of the same config; throws on a shape mismatch. */
export function readCheckpoint(state: TrainingState, cp: TrainerCheckpoint): void {
  const net = state.network;
  if (cp.layers.length !== net.layers.length) {
    throw new RangeError(`checkpoint has ${cp.layers.length} layers, expected ${net.layers.length} from its config`);
  }
  cp.layers.forEach((layer, l) => {
    const into = net.layers[l]!;
    fromLayer(layer, into, `layers[${l}]`);
    readGradients(layer, into, `layers[${l}]`);
    const scale = layer.stepScale;
    if (scale !== undefined && (!Array.isArray(scale) || scale.length !== into.outputs || !scale.every((v) => typeof v === 'number' && v > 0))) {
      throw new RangeError(`layers[${l}].stepScale must be ${into.outputs} positive numbers`);
    }
    into.stepScale = scale === undefined ? null : Float64Array.from(scale);
  });
  if (cp.order.length !== state.order.length) {
    throw new RangeError(`checkpoint order has ${cp.order.length} rows, expected ${state.order.length}`);
  }
  state.order.set(cp.order);
  state.rng = MT19937.fromState(cp.rng);
  state.epoch = cp.epoch;
  state.step = cp.step;
  state.cursor = cp.cursor;
  state.diverged = cp.diverged;
  state.epochLoss = cp.epochLoss;
  state.epochCorrect = cp.epochCorrect;
  state.lastMetrics = cp.lastMetrics;
  state.finite = null;
  if (cp.finite) {
    const layers = blankLike(net);
    if (cp.finite.layers.length !== layers.length) {
      throw new RangeError(`checkpoint finite state has ${cp.finite.layers.length} layers, expected ${layers.length}`);
    }
    cp.finite.layers.forEach((layer, l) => fromLayer(layer, layers[l]!, `finite.layers[${l}]`));
    const finite: FiniteState = { epoch: cp.finite.epoch, step: cp.finite.step, metrics: cp.finite.metrics, shapeVersion: net.shapeVersion, layers };
    state.finite = finite;
  }
}
