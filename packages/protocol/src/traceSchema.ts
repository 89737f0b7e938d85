import { z } from 'zod';

/** JSON has no NaN or Infinity: a non-finite value (a diverged network) travels as `null`. */
const cell = z.number().nullable();
const vector = z.array(cell);
/** `[rows][cols]`: weights are `[outputs][inputs]`, batch data `[sample][unit]`. */
const matrix = z.array(vector);

/** One dense layer of a step trace, as core's `LayerTrace` puts it on the wire. */
export const layerTraceSchema = z.object({
  inputs: matrix,
  z: matrix,
  a: matrix,
  delta: matrix,
  weights: matrix,
  bias: vector,
  dW: matrix,
  db: vector,
  weightsUpdate: matrix,
  biasUpdate: vector,
  weightsAfter: matrix,
  biasAfter: vector,
});

/**
 * Core's `StepTrace` on the wire: every quantity of one optimizer step on a sample or a batch, computed without
 * changing the session. Cells are nullable because a diverged network has non-finite values.
 */
export const stepTraceSchema = z.object({
  epoch: z.number().int().min(0),
  samples: z.array(z.number().int().min(0)),
  inputs: matrix,
  targets: matrix,
  outputs: matrix,
  lossPerSample: vector,
  loss: cell,
  learningRate: z.number(),
  layers: z.array(layerTraceSchema),
});

/** What to trace: a training-row index, or the batch the next step will train on. */
export const traceTargetSchema = z.union([z.number().int().min(0), z.literal('batch')]);

export type LayerTraceWire = z.infer<typeof layerTraceSchema>;
export type StepTraceWire = z.infer<typeof stepTraceSchema>;
export type TraceTarget = z.infer<typeof traceTargetSchema>;
