import type { StepTrace } from '@liveprop/core';
import { traceWindowFor } from './traceBudget.js';
import { TRACE_MAX_FRAME_BYTES, type StepTraceWire, type TraceSize } from './traceSchema.js';

function cutVector<T>(values: T[], window: number): T[] {
  return values.length > window ? values.slice(0, window) : values;
}

function cutMatrix(rows: number[][], window: number): number[][] {
  const kept = cutVector(rows, window);
  return kept.map((row) => cutVector(row, window));
}

/**
 * A trace fit for the wire: every matrix cut to its top-left `window`×`window`, every vector and the sample list to
 * `window` entries, with the true dimensions alongside. The window is the largest (at most `TRACE_WINDOW`) whose
 * worst-case frame fits in `maxFrameBytes`. Small networks come through whole, numbers untouched. The trace may
 * arrive already cut by core to `TRACE_WINDOW` (it carries its true sizes), so big layers are never copied whole.
 */
export function clipTrace(trace: StepTrace, maxFrameBytes = TRACE_MAX_FRAME_BYTES): StepTraceWire {
  return clipTraceTo(trace, traceWindowFor(trace.size, maxFrameBytes));
}

/** A trace with every axis cut to `window` entries and the true dimensions alongside; see {@link clipTrace}. */
export function clipTraceTo(trace: StepTrace, window: number): StepTraceWire {
  const size: TraceSize = trace.size;
  const clipped = size.samples > window || size.layers.some((l) => l.inputs > window || l.outputs > window);
  return {
    epoch: trace.epoch,
    samples: cutVector(trace.samples, window),
    inputs: cutMatrix(trace.inputs, window),
    targets: cutMatrix(trace.targets, window),
    outputs: cutMatrix(trace.outputs, window),
    lossPerSample: cutVector(trace.lossPerSample, window),
    loss: trace.loss,
    learningRate: trace.learningRate,
    layers: trace.layers.map((layer) => ({
      inputs: cutMatrix(layer.inputs, window),
      z: cutMatrix(layer.z, window),
      a: cutMatrix(layer.a, window),
      delta: cutMatrix(layer.delta, window),
      weights: cutMatrix(layer.weights, window),
      bias: cutVector(layer.bias, window),
      dW: cutMatrix(layer.dW, window),
      db: cutVector(layer.db, window),
      weightsUpdate: cutMatrix(layer.weightsUpdate, window),
      biasUpdate: cutVector(layer.biasUpdate, window),
      weightsAfter: cutMatrix(layer.weightsAfter, window),
      biasAfter: cutVector(layer.biasAfter, window),
    })),
    size,
    window,
    clipped,
  };
}
