import { z } from 'zod';
import { LIMITS } from '@liveprop/core';

/** Zod mirrors of the core contract (`@liveprop/core` contract/config.ts), with the engine's limits as ranges. */

const finite = z.number();
const seed = z.number().int().min(0).max(2 ** 32 - 1);

export const activationSchema = z.enum(['sigmoid', 'tanh', 'relu', 'leakyRelu', 'linear', 'softmax']);
export const lossSchema = z.enum(['squaredError', 'binaryCrossEntropy', 'categoricalCrossEntropy']);
export const reductionSchema = z.enum(['sum', 'mean']);

export const learningRateSchema = z.number().positive().max(LIMITS.maxLearningRate);

export const biasSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('perNeuron') }),
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('shared'), value: finite, trainable: z.boolean() }),
]);

export const initSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('uniform'), low: finite, high: finite }),
  z.object({ kind: z.literal('normal'), mean: finite, std: z.number().min(0) }),
  z.object({ kind: z.literal('xavier') }),
  z.object({ kind: z.literal('he') }),
  z.object({ kind: z.literal('constant'), value: finite }),
  z.object({ kind: z.literal('numpyRandom') }),
]);

export const optimizerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sgd'), learningRate: learningRateSchema }),
  z.object({
    kind: z.literal('momentum'),
    learningRate: learningRateSchema,
    momentum: z.number().min(0).max(0.9999),
    nesterov: z.boolean().optional(),
  }),
  z.object({
    kind: z.literal('adam'),
    learningRate: learningRateSchema,
    beta1: z.number().min(0).lt(1),
    beta2: z.number().min(0).lt(1),
    epsilon: z.number().positive().max(1),
  }),
]);

export const regularizationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.enum(['l1', 'l2']), rate: z.number().min(0).max(10) }),
]);

export const unitsSchema = z.number().int().min(1).max(LIMITS.maxUnitsPerLayer);

export const layerSchema = z.object({ units: unitsSchema, activation: activationSchema, bias: biasSchema });

export const layerWeightsSchema = z.object({
  weights: z.array(z.array(finite).max(LIMITS.maxInputs)).max(LIMITS.maxUnitsPerLayer),
  bias: z.array(finite).max(LIMITS.maxUnitsPerLayer),
});

export const networkSchema = z.object({
  inputs: z.number().int().min(1).max(LIMITS.maxInputs),
  layers: z.array(layerSchema).min(1).max(LIMITS.maxLayers),
  init: initSchema,
  weights: z.array(layerWeightsSchema).max(LIMITS.maxLayers).optional(),
});

export const trainingSchema = z.object({
  loss: lossSchema,
  reduction: reductionSchema,
  optimizer: optimizerSchema,
  batchSize: z.number().int().min(0).max(LIMITS.maxBatchSize),
  regularization: regularizationSchema,
  shuffle: z.boolean(),
});

export const datasetKindSchema = z.enum(['xor', 'circle', 'gauss', 'spiral', 'moons', 'plane', 'regressGauss', 'csv', 'fixed']);
export const featureSchema = z.enum(['x1', 'x2', 'x1Squared', 'x2Squared', 'x1x2', 'sinX1', 'sinX2']);

export const datasetSchema = z.object({
  kind: datasetKindSchema,
  samples: z.number().int().min(1).max(LIMITS.maxDatasetRows),
  noise: z.number().min(0).max(1),
  testFraction: z.number().min(0).max(0.9),
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
});

export const experimentConfigSchema = z.object({
  name: z.string().max(200).optional(),
  seed,
  dataset: datasetSchema,
  network: networkSchema,
  training: trainingSchema,
});
