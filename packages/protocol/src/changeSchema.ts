import { z } from 'zod';
import { LIMITS } from '@liveprop/core';
import {
  activationSchema,
  datasetSchema,
  learningRateSchema,
  lossSchema,
  optimizerSchema,
  reductionSchema,
  regularizationSchema,
  unitsSchema,
} from './configSchema.js';

const layerIndex = z.number().int().min(0).max(LIMITS.maxLayers);
/** Apply a layer or activation edit only if it keeps the network's outputs; otherwise `output_change` ([R36]). */
const keepOutput = z.boolean().optional();

/** Zod mirror of core's `Change`: one live edit applied between two training steps ([R9]). */
export const changeSchema = z.discriminatedUnion('what', [
  z.strictObject({ what: z.literal('learningRate'), value: learningRateSchema }),
  z.strictObject({ what: z.literal('optimizer'), value: optimizerSchema }),
  z.strictObject({ what: z.literal('batchSize'), value: z.number().int().min(0).max(LIMITS.maxBatchSize) }),
  z.strictObject({ what: z.literal('activation'), layer: layerIndex, value: activationSchema, keepOutput }),
  z.strictObject({ what: z.literal('loss'), value: lossSchema, reduction: reductionSchema.optional() }),
  z.strictObject({ what: z.literal('regularization'), value: regularizationSchema }),
  z.strictObject({ what: z.literal('addLayer'), index: layerIndex, units: unitsSchema, activation: activationSchema, keepOutput }),
  z.strictObject({ what: z.literal('removeLayer'), index: layerIndex, keepOutput }),
  z.strictObject({ what: z.literal('addNeuron'), layer: layerIndex, keepOutput }),
  z.strictObject({ what: z.literal('removeNeuron'), layer: layerIndex, neuron: z.number().int().min(0).max(LIMITS.maxUnitsPerLayer), keepOutput }),
  z.strictObject({ what: z.literal('dataset'), value: datasetSchema }),
]);
