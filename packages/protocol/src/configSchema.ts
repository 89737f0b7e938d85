import { z } from 'zod';
import { CONFIG_RANGES as R, LIMITS } from '@liveprop/core';

/**
 * Zod mirrors of the core contract (`@liveprop/core` contract/config.ts). Core's validator is the source of truth:
 * every range here is read from core's `LIMITS` and `CONFIG_RANGES`, and `configRoundTrip.test.ts` checks that this
 * schema accepts exactly the single-field values core accepts. Rules across fields (shapes, softmax placement, loss
 * against output) are core's alone.
 */

const finite = z.number();
const inRange = (range: { min: number; max: number }) => z.number().min(range.min).max(range.max);
const seed = inRange(R.seed).int();
const initParameter = inRange(R.initParameter);

export const activationSchema = z.enum(['sigmoid', 'tanh', 'relu', 'leakyRelu', 'linear', 'softmax']);
export const lossSchema = z.enum(['squaredError', 'binaryCrossEntropy', 'categoricalCrossEntropy']);
export const reductionSchema = z.enum(['sum', 'mean']);

export const learningRateSchema = inRange(R.learningRate);

export const biasSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('perNeuron') }),
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('shared'), value: finite, trainable: z.boolean() }),
]);

export const initSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('uniform'), low: initParameter, high: initParameter })
    .refine((u) => u.high >= u.low, { message: 'high must be at least low', path: ['high'] }),
  z.strictObject({ kind: z.literal('normal'), mean: initParameter, std: z.number().min(0).max(R.initParameter.max) }),
  z.strictObject({ kind: z.literal('xavier') }),
  z.strictObject({ kind: z.literal('he') }),
  z.strictObject({ kind: z.literal('constant'), value: initParameter }),
  z.strictObject({ kind: z.literal('numpyRandom'), scaleByFanIn: z.boolean().optional() }),
]);

export const optimizerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('sgd'), learningRate: learningRateSchema }),
  z.strictObject({
    kind: z.literal('momentum'),
    learningRate: learningRateSchema,
    momentum: inRange(R.momentum),
    nesterov: z.boolean().optional(),
  }),
  z.strictObject({
    kind: z.literal('adam'),
    learningRate: learningRateSchema,
    beta1: inRange(R.adamBeta),
    beta2: inRange(R.adamBeta),
    epsilon: inRange(R.adamEpsilon),
  }),
]);

export const regularizationSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.enum(['l1', 'l2']), rate: inRange(R.regularizationRate) }),
]);

export const unitsSchema = z.number().int().min(1).max(LIMITS.maxUnitsPerLayer);

export const layerSchema = z.strictObject({ units: unitsSchema, activation: activationSchema, bias: biasSchema });

export const layerWeightsSchema = z.strictObject({
  weights: z.array(z.array(finite).max(LIMITS.maxInputs)).max(LIMITS.maxUnitsPerLayer),
  bias: z.array(finite).max(LIMITS.maxUnitsPerLayer),
});

export const networkSchema = z.strictObject({
  inputs: z.number().int().min(1).max(LIMITS.maxInputs),
  layers: z.array(layerSchema).min(1).max(LIMITS.maxLayers),
  init: initSchema,
  weights: z.array(layerWeightsSchema).max(LIMITS.maxLayers).optional(),
});

export const trainingSchema = z.strictObject({
  loss: lossSchema,
  reduction: reductionSchema,
  optimizer: optimizerSchema,
  batchSize: z.number().int().min(0).max(LIMITS.maxBatchSize),
  regularization: regularizationSchema,
  shuffle: z.boolean(),
});

export const datasetKindSchema = z.enum(['xor', 'circle', 'gauss', 'spiral', 'moons', 'plane', 'regressGauss', 'csv', 'fixed']);
export const featureSchema = z.enum(['x1', 'x2', 'x1Squared', 'x2Squared', 'x1x2', 'sinX1', 'sinX2']);

export const datasetSchema = z.strictObject({
  kind: datasetKindSchema,
  samples: inRange(R.samples).int(),
  noise: inRange(R.noise),
  testFraction: inRange(R.testFraction),
  seed,
  features: z.array(featureSchema).min(1).max(7).optional(),
  classes: z.number().int().min(2).max(LIMITS.maxClasses).optional(),
  csv: z.string().max(LIMITS.maxCsvBytes).optional(),
  fixed: z
    .object({
      inputs: z.array(z.array(finite).max(LIMITS.maxInputs)).max(LIMITS.maxDatasetRows),
      targets: z.array(z.array(finite).max(LIMITS.maxClasses)).max(LIMITS.maxDatasetRows),
    })
    .optional(),
}).superRefine((d, ctx) => {
  if (d.kind === 'csv' || d.kind === 'fixed') return;
  if (d.samples < 1) ctx.addIssue({ code: 'custom', path: ['samples'], message: `a ${d.kind} dataset needs at least 1 sample` });
  if (d.features !== undefined && new Set(d.features).size !== d.features.length) {
    ctx.addIssue({ code: 'custom', path: ['features'], message: 'features must not repeat' });
  }
  const multiclass = d.kind === 'gauss' || d.kind === 'spiral';
  const regression = d.kind === 'plane' || d.kind === 'regressGauss';
  if (!multiclass && !regression && d.classes !== undefined && d.classes !== 2) {
    ctx.addIssue({ code: 'custom', path: ['classes'], message: `a ${d.kind} dataset has 2 classes` });
  }
});

export const experimentConfigSchema = z.strictObject({
  name: z.string().max(LIMITS.maxNameLength).optional(),
  seed,
  dataset: datasetSchema,
  network: networkSchema,
  training: trainingSchema,
});
