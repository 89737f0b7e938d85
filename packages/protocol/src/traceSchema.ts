import { z } from 'zod';

/**
 * Most rows and columns of any matrix, and entries of any vector or sample list, a `trace` frame carries: the
 * top-left window the math view draws when a block is expanded. Deep networks may get a smaller window, see
 * {@link TRACE_MAX_FRAME_BYTES}.
 */
export const TRACE_WINDOW = 64;

/**
 * Largest `trace` frame the server sends, in bytes of JSON. Half the per-client unsent-bytes cap ([R14]), so a trace
 * queued behind the usual ticks and snapshots never gets its reader closed as a slow consumer. The server picks the
 * largest window (at most {@link TRACE_WINDOW}) whose worst case — every cell a 25-character number — fits.
 */
export const TRACE_MAX_FRAME_BYTES = 512 * 1024;

/** JSON has no NaN or Infinity: a non-finite value (a diverged network) travels as `null`. */
const cell = z.number().nullable();
const vector = z.array(cell);
/** `[rows][cols]`: weights are `[outputs][inputs]`, batch data `[sample][unit]`. */
const matrix = z.array(vector);
const count = z.number().int().min(0);

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
 * The true dimensions of a traced step, before the server cut its arrays to the window. A layer's weight matrices
 * are `outputs`×`inputs`, its batch data `samples`×`inputs` (layer input) or `samples`×`outputs`; per-neuron bias
 * vectors have `outputs` entries (a shared bias one, no bias none).
 */
export const traceSizeSchema = z.object({
  samples: count,
  layers: z.array(z.object({ inputs: count, outputs: count })),
});

/**
 * Core's `StepTrace` on the wire: every quantity of one optimizer step on a sample or a batch, computed without
 * changing the session. Cells are nullable because a diverged network has non-finite values. Every array holds the
 * first `window` entries of each axis (the top-left window); `size` gives the true dimensions, and `clipped` says
 * whether any array is shorter than its true size.
 */
export const stepTraceSchema = z.object({
  epoch: z.number().int().min(0),
  samples: z.array(count),
  inputs: matrix,
  targets: matrix,
  outputs: matrix,
  lossPerSample: vector,
  loss: cell,
  learningRate: z.number(),
  layers: z.array(layerTraceSchema),
  size: traceSizeSchema,
  window: z.number().int().min(1).max(TRACE_WINDOW),
  clipped: z.boolean(),
}).refine((t) => t.size.layers.length === t.layers.length, { message: 'size.layers must have one entry per layer', path: ['size', 'layers'] });

/** What to trace: a training-row index, or the batch the next step will train on. */
export const traceTargetSchema = z.union([z.number().int().min(0), z.literal('batch')]);

export type LayerTraceWire = z.infer<typeof layerTraceSchema>;
export type StepTraceWire = z.infer<typeof stepTraceSchema>;
export type TraceSize = z.infer<typeof traceSizeSchema>;
export type TraceTarget = z.infer<typeof traceTargetSchema>;
