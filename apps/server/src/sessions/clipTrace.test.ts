import { Trainer, getPreset } from '@liveprop/core';
import { TRACE_MAX_FRAME_BYTES, TRACE_WINDOW, clipTrace, stepTraceSchema } from '@liveprop/protocol';
import { describe, expect, it } from 'vitest';
import { wideNetworkConfig } from '../testing/wideNetworks.js';

const frameBytes = (trace: unknown) => Buffer.byteLength(JSON.stringify({ type: 'trace', sample: 'batch', trace }));

describe('clipTrace', () => {
  it('passes a tutorial network through whole, numbers untouched, flagged not clipped', () => {
    const full = new Trainer(getPreset('mazur-2-2-2')!).traceStep(0);
    const wire = clipTrace(full);
    expect(wire).toMatchObject({ window: TRACE_WINDOW, clipped: false, size: { samples: 1, layers: [{ inputs: 2, outputs: 2 }, { inputs: 2, outputs: 2 }] } });
    const { window: _window, clipped: _clipped, ...numbers } = wire;
    expect(numbers).toEqual(full);
    expect(stepTraceSchema.safeParse(JSON.parse(JSON.stringify(wire))).success).toBe(true);
  });

  it('cuts a 2-256-256-1 sample trace to its top-left 64×64 and keeps the true sizes', () => {
    const full = new Trainer(wideNetworkConfig({ inputs: 2, hidden: [256, 256], outputs: 1, rows: 8 })).traceStep(3);
    const wire = clipTrace(full);
    expect(wire.window).toBe(64);
    expect(wire.clipped).toBe(true);
    expect(wire.size).toEqual({ samples: 1, layers: [{ inputs: 2, outputs: 256 }, { inputs: 256, outputs: 256 }, { inputs: 256, outputs: 1 }] });
    const hidden = wire.layers[1]!;
    expect(hidden.weights).toHaveLength(64);
    expect(hidden.weights.every((row) => row.length === 64)).toBe(true);
    expect(hidden.weights[63]![63]).toBe(full.layers[1]!.weights[63]![63]);
    expect(hidden.dW[10]).toEqual(full.layers[1]!.dW[10]!.slice(0, 64));
    expect(hidden.bias).toEqual(full.layers[1]!.bias.slice(0, 64));
    expect(wire.layers[0]!.weights).toEqual(full.layers[0]!.weights.slice(0, 64));
    expect(wire.layers[2]!.a).toEqual(full.layers[2]!.a);
    expect(wire.loss).toBe(full.loss);
    expect(frameBytes(wire)).toBeLessThan(TRACE_MAX_FRAME_BYTES);
  });

  it('narrows the window of a big batch trace until its worst case fits the frame budget', () => {
    const full = new Trainer(wideNetworkConfig({ inputs: 2, hidden: [256, 256], outputs: 1, rows: 300 })).traceStep('batch');
    const wire = clipTrace(full);
    expect(wire.size.samples).toBe(300);
    expect(wire.window).toBeLessThan(64);
    expect(wire.samples).toEqual(full.samples.slice(0, wire.window));
    expect(wire.lossPerSample).toHaveLength(wire.window);
    expect(wire.layers[1]!.z).toHaveLength(wire.window);
    expect(frameBytes(full)).toBeGreaterThan(TRACE_MAX_FRAME_BYTES);
    expect(frameBytes(wire)).toBeLessThan(TRACE_MAX_FRAME_BYTES);
  });

  it('keeps a diverged network’s non-finite cells, which travel as null', () => {
    const full = new Trainer(getPreset('mazur-2-2-2')!).traceStep(0);
    full.layers[0]!.weights[0]![0] = Number.NaN;
    full.loss = Number.POSITIVE_INFINITY;
    const parsed = stepTraceSchema.parse(JSON.parse(JSON.stringify(clipTrace(full))));
    expect(parsed.layers[0]!.weights[0]![0]).toBeNull();
    expect(parsed.loss).toBeNull();
  });
});
