import { Trainer, getPreset, type StepTrace } from '@liveprop/core';
import { TRACE_WINDOW, clipTraceTo } from '@liveprop/protocol';
import { describe, expect, it } from 'vitest';
import { readTrace } from './traceData.js';

/** A trace as the browser receives it: cut for the wire by protocol's `clipTraceTo`, then through JSON. */
const wireTrace = (trace: StepTrace, window = TRACE_WINDOW): unknown => JSON.parse(JSON.stringify(clipTraceTo(trace, window)));
const wire = () => wireTrace(new Trainer(getPreset('mazur-2-2-2')!).traceStep(0)) as Record<string, unknown>;

describe('readTrace', () => {
  it('accepts a real trace after a JSON round trip, with its true sizes', () => {
    const trace = readTrace(wire());
    expect(trace?.layers).toHaveLength(2);
    expect(trace?.size).toEqual({ samples: 1, layers: [{ inputs: 2, outputs: 2 }, { inputs: 2, outputs: 2 }] });
    expect(trace?.clipped).toBe(false);
  });
  it('accepts null cells, which is how non-finite numbers cross JSON', () => {
    const t = wire();
    t.loss = null;
    expect(readTrace(t)).not.toBeNull();
  });
  it('reads a clipped trace: the cut arrays, the true sizes and the window', () => {
    const spiral = getPreset('spiral')!;
    const trace = readTrace(wireTrace(new Trainer(spiral).traceStep('batch'), 8));
    expect(trace?.clipped).toBe(true);
    expect(trace?.window).toBe(8);
    expect(trace?.samples).toHaveLength(8);
    expect(trace?.size.samples).toBeGreaterThan(8);
    expect(trace?.size.layers[1]).toEqual({ inputs: 16, outputs: 16 });
    expect(trace?.layers[1]?.weights).toHaveLength(8);
  });
  it('rejects values without a trace’s shape', () => {
    expect(readTrace(null)).toBeNull();
    expect(readTrace({ epoch: 0 })).toBeNull();
    const t = wire();
    (t.layers as Record<string, unknown>[])[0]!.dW = 'nope';
    expect(readTrace(t)).toBeNull();
  });
  it('rejects a trace without true sizes, or whose sizes miss a layer', () => {
    const { size: _size, ...unsized } = wire();
    expect(readTrace(unsized)).toBeNull();
    const t = wire();
    (t.size as { layers: unknown[] }).layers.pop();
    expect(readTrace(t)).toBeNull();
    expect(readTrace({ ...wire(), window: 0 })).toBeNull();
  });
});
