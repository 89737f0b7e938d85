import { LIMITS, type StepTrace } from '@liveprop/core';
import { TRACE_MAX_FRAME_BYTES, TRACE_WINDOW, clipTrace, traceBytesBound, traceWindowFor, type TraceSize } from '@liveprop/protocol';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../socket/connection.js';

/** The longest JSON text a double has (25 characters). */
const LONGEST_NUMBER = -0.0000012345678901234567;

/** A trace of the given true sizes in which every number is as long as a number gets on the wire. */
function longestTrace(size: TraceSize): StepTrace {
  const fill = (rows: number, cols: number) => Array.from({ length: rows }, () => Array<number>(cols).fill(LONGEST_NUMBER));
  const n = size.samples;
  const first = size.layers[0]!;
  const last = size.layers[size.layers.length - 1]!;
  return {
    epoch: 999_999_999,
    size,
    samples: Array<number>(n).fill(LIMITS.maxDatasetRows - 1),
    inputs: fill(n, first.inputs),
    targets: fill(n, last.outputs),
    outputs: fill(n, last.outputs),
    lossPerSample: Array<number>(n).fill(LONGEST_NUMBER),
    loss: LONGEST_NUMBER,
    learningRate: LONGEST_NUMBER,
    layers: size.layers.map(({ inputs, outputs }) => ({
      inputs: fill(n, inputs),
      z: fill(n, outputs),
      a: fill(n, outputs),
      delta: fill(n, outputs),
      weights: fill(outputs, inputs),
      bias: Array<number>(outputs).fill(LONGEST_NUMBER),
      dW: fill(outputs, inputs),
      db: Array<number>(outputs).fill(LONGEST_NUMBER),
      weightsUpdate: fill(outputs, inputs),
      biasUpdate: Array<number>(outputs).fill(LONGEST_NUMBER),
      weightsAfter: fill(outputs, inputs),
      biasAfter: Array<number>(outputs).fill(LONGEST_NUMBER),
    })),
  };
}

/** `layers` layers, each `width` wide, fed `inputs` inputs and ending in `outputs` units. */
function deepSize(samples: number, inputs: number, width: number, layers: number, outputs: number): TraceSize {
  return {
    samples,
    layers: Array.from({ length: layers }, (_, l) => ({ inputs: l === 0 ? inputs : width, outputs: l === layers - 1 ? outputs : width })),
  };
}

const frameBytes = (trace: unknown) => Buffer.byteLength(JSON.stringify({ type: 'trace', sample: 'batch', trace }));

describe('trace frame budget', () => {
  it('stays under half the slow-consumer cap', () => {
    expect(TRACE_MAX_FRAME_BYTES).toBeLessThanOrEqual(DEFAULT_LIMITS.maxBufferedBytes / 2);
  });

  it('bounds the largest legal network’s frame: 16 layers of 1024 fed 1024 inputs, 64 classes, a 65,536-row batch', () => {
    const largest = deepSize(LIMITS.maxBatchSize, LIMITS.maxInputs, LIMITS.maxUnitsPerLayer, LIMITS.maxLayers, LIMITS.maxClasses);
    const window = traceWindowFor(largest, TRACE_MAX_FRAME_BYTES);
    expect(traceBytesBound(largest, window)).toBeLessThanOrEqual(TRACE_MAX_FRAME_BYTES);
    expect(traceBytesBound(largest, window + 1)).toBeGreaterThan(TRACE_MAX_FRAME_BYTES);
    // Unclipped, the same network's trace would be tens of gigabytes of JSON.
    expect(traceBytesBound(largest, Number.POSITIVE_INFINITY)).toBeGreaterThan(10 * 1024 ** 3);
    expect(window).toBe(12);
  });

  it('holds for real JSON when every cell is the longest number there is and every axis is past the window', () => {
    // Every axis past the window makes the clipped frame as large as the largest legal network's.
    const size = deepSize(80, 80, 80, LIMITS.maxLayers, 80);
    const largest = deepSize(LIMITS.maxBatchSize, LIMITS.maxInputs, LIMITS.maxUnitsPerLayer, LIMITS.maxLayers, LIMITS.maxClasses);
    const wire = clipTrace(longestTrace(size));
    expect(wire.window).toBe(traceWindowFor(largest, TRACE_MAX_FRAME_BYTES));
    const bytes = frameBytes(wire);
    expect(bytes).toBeLessThanOrEqual(traceBytesBound(size, wire.window));
    expect(bytes).toBeLessThan(DEFAULT_LIMITS.maxBufferedBytes);
  });

  it('holds for real JSON of a wide, shallow network at the full window', () => {
    const size = deepSize(1, 300, 300, 2, 10);
    const wire = clipTrace(longestTrace(size));
    expect(wire.window).toBe(TRACE_WINDOW);
    expect(frameBytes(wire)).toBeLessThanOrEqual(traceBytesBound(size, TRACE_WINDOW));
  });

  it('keeps the full window for any network no axis of which is past it', () => {
    expect(traceWindowFor(deepSize(TRACE_WINDOW, 7, 16, 3, 1), TRACE_MAX_FRAME_BYTES)).toBe(TRACE_WINDOW);
  });
});
