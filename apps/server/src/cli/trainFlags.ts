import { parseArgs } from 'node:util';
import {
  ACTIVATION_NAMES,
  FEATURE_NAMES,
  LIMITS,
  LOSS_NAMES,
  OPTIMIZER_KINDS,
  type ActivationName,
  type FeatureName,
  type LossName,
  type OptimizerConfig,
  type Reduction,
} from '@liveprop/core';
import { FlagError, joinNegativeValues, numberFlag as number } from './flagValues.js';
import { usageError, type CliResult } from './usageError.js';

/** The flags of `liveprop train`, checked and typed; absent flags are `undefined`. */
export interface TrainFlags {
  preset?: string;
  dataset?: string;
  data?: string;
  model?: string;
  layers?: number[];
  activation?: ActivationName;
  outputActivation?: ActivationName;
  loss?: LossName;
  reduction?: Reduction;
  optimizer?: OptimizerConfig['kind'];
  lr?: number;
  batch?: number;
  l1?: number;
  l2?: number;
  seed?: number;
  samples?: number;
  noise?: number;
  testFraction?: number;
  features?: FeatureName[];
  epochs: number;
  json: boolean;
  help: boolean;
}

/** Epochs when `--epochs` is absent. */
export const DEFAULT_EPOCHS = 100;
/** Upper bound of `--epochs`, so a typo cannot start a run of years. */
export const MAX_EPOCHS = 10_000_000;

const OPTIONS = {
  preset: { type: 'string' },
  dataset: { type: 'string' },
  data: { type: 'string' },
  model: { type: 'string' },
  layers: { type: 'string' },
  activation: { type: 'string' },
  'output-activation': { type: 'string' },
  loss: { type: 'string' },
  reduction: { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  batch: { type: 'string' },
  l1: { type: 'string' },
  l2: { type: 'string' },
  seed: { type: 'string' },
  samples: { type: 'string' },
  noise: { type: 'string' },
  'test-fraction': { type: 'string' },
  features: { type: 'string' },
  epochs: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const VALUED_FLAGS = new Set(Object.entries(OPTIONS).flatMap(([name, option]) => (option.type === 'string' ? [`--${name}`] : [])));

function choice<T extends string>(flag: string, text: string | undefined, allowed: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) throw new FlagError(flag, `expected one of ${allowed.join(', ')}, got "${text}"`);
  return text as T;
}

function list(flag: string, text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new FlagError(flag, `expected a comma-separated list, got "${text}"`);
  return items;
}

function layerSizes(text: string | undefined): number[] | undefined {
  const items = list('--layers', text);
  if (items === undefined) return undefined;
  if (items.length < 2) throw new FlagError('--layers', `expected inputs and at least one layer (like 2,8,1), got "${text}"`);
  if (items.length - 1 > LIMITS.maxLayers) throw new FlagError('--layers', `${items.length - 1} layers; the limit is ${LIMITS.maxLayers}`);
  return items.map((item, k) => number('--layers', item, { min: 1, max: k === 0 ? LIMITS.maxInputs : LIMITS.maxUnitsPerLayer, integer: true })!);
}

/** `util.parseArgs` keeps the last of a repeated flag; a run trained with a silently dropped value is worse than an error. */
function firstRepeatedOption(tokens: readonly { kind: string; rawName?: string; name?: string }[]): string | undefined {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined) continue;
    if (seen.has(token.name)) return `--${token.name}`;
    seen.add(token.name);
  }
  return undefined;
}

/** Parses `argv` (after `train`) strictly: unknown flags, stray arguments and bad values are usage errors naming the flag. */
export function parseTrainFlags(argv: string[]): CliResult<TrainFlags> {
  let values;
  try {
    const args = joinNegativeValues(argv, VALUED_FLAGS);
    const parsed = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false, tokens: true });
    const repeated = firstRepeatedOption(parsed.tokens);
    if (repeated !== undefined) return usageError(repeated, `${repeated} is given twice; give it once`);
    values = parsed.values;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? 'arguments';
    if (message.includes('argument is ambiguous')) {
      return usageError(flag, `${flag} takes a value; write one that starts with a dash as ${flag}=VALUE`);
    }
    return usageError(flag, message.split('\n')[0]!);
  }
  try {
    const l1 = number('--l1', values.l1, { min: 0, max: 1000 });
    const l2 = number('--l2', values.l2, { min: 0, max: 1000 });
    if (l1 !== undefined && l2 !== undefined) throw new FlagError('--l1', '--l1 and --l2 cannot be combined; pick one');
    if (values.preset !== undefined && values.dataset !== undefined) {
      throw new FlagError('--dataset', '--preset and --dataset cannot be combined; a preset brings its own dataset');
    }
    if (values.data !== undefined && values.dataset !== undefined) {
      throw new FlagError('--dataset', '--data and --dataset cannot be combined; --data is the dataset');
    }
    for (const flag of ['layers', 'activation', 'output-activation'] as const) {
      if (values.model !== undefined && values[flag] !== undefined) {
        throw new FlagError(`--${flag}`, `--model and --${flag} cannot be combined; the model fixes the layers`);
      }
    }
    const features = list('--features', values.features);
    const twice = features?.find((f, i) => features.indexOf(f) !== i);
    if (twice !== undefined) throw new FlagError('--features', `--features lists ${twice} twice; list each feature once`);
    return {
      ok: true,
      value: {
        preset: values.preset,
        dataset: values.dataset,
        data: values.data,
        model: values.model,
        layers: layerSizes(values.layers),
        activation: choice('--activation', values.activation, ACTIVATION_NAMES.filter((a) => a !== 'softmax')),
        outputActivation: choice('--output-activation', values['output-activation'], ACTIVATION_NAMES),
        loss: choice('--loss', values.loss, LOSS_NAMES),
        reduction: choice('--reduction', values.reduction, ['sum', 'mean'] as const),
        optimizer: choice('--optimizer', values.optimizer, OPTIMIZER_KINDS),
        lr: number('--lr', values.lr, { min: 0, above: true, max: LIMITS.maxLearningRate }),
        batch: number('--batch', values.batch, { min: 0, max: LIMITS.maxBatchSize, integer: true }),
        l1,
        l2,
        seed: number('--seed', values.seed, { min: 0, max: 2 ** 32 - 1, integer: true }),
        samples: number('--samples', values.samples, { min: 1, max: LIMITS.maxDatasetRows, integer: true }),
        noise: number('--noise', values.noise, { min: 0, max: 1 }),
        testFraction: number('--test-fraction', values['test-fraction'], { min: 0, max: 0.9 }),
        features: features?.map((f) => choice('--features', f, FEATURE_NAMES)!),
        epochs: number('--epochs', values.epochs, { min: 0, max: MAX_EPOCHS, integer: true }) ?? DEFAULT_EPOCHS,
        json: values.json ?? false,
        help: values.help ?? false,
      },
    };
  } catch (err) {
    if (err instanceof FlagError) return usageError(err.flag, err.message);
    throw err;
  }
}
