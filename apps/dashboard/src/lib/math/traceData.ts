import { stepTraceSchema, type LayerTraceWire, type StepTraceWire, type TraceSize } from '@liveprop/protocol';

/** A number off the wire: JSON carries NaN and ±Infinity as `null`. */
export type Cell = number | null;
export type Matrix = Cell[][];

/** One layer of a traced step as protocol validates it ([R19]). Matrices are `[outputs][inputs]`, batch data `[sample][unit]`. */
export type LayerTraceData = LayerTraceWire;

/** True dimensions of one layer: weights are `outputs`×`inputs`. */
export type LayerSize = TraceSize['layers'][number];

/** A traced step as protocol validates it ([R19]): arrays cut to the top-left `window`, `size` the true dimensions. */
export type StepTraceData = StepTraceWire;

/**
 * The `trace` field of a server `trace` frame, or `null` when protocol's schema refuses it. The session store hands it
 * on as `unknown`, so the view checks the shape itself rather than trust a cast.
 */
export function readTrace(value: unknown): StepTraceData | null {
  const parsed = stepTraceSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
