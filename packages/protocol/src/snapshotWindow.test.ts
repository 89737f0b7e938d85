import { describe, expect, it } from 'vitest';
import { LIMITS, type LayerSnapshot, type Snapshot } from '@liveprop/core';
import { decodeSnapshot, encodeSnapshot, snapshotByteLength } from './snapshotCodec.js';
import { SNAPSHOT_MAX_BYTES, SNAPSHOT_UNITS, biasAt, thumbnailOffset, weightAt, type WireSnapshot } from './snapshotTypes.js';

// The server's [R14] numbers (apps/server socket/connection.ts), which the protocol package cannot import.
const SLOW_CONSUMER_BYTES = 1024 * 1024;
const SNAPSHOTS_UNACKNOWLEDGED = 2;

/** Weight `[o][i]` is `o + i / 10000`, so a value names its own position. */
function layer(inputs: number, outputs: number, bias: 'perNeuron' | 'shared' | 'none' = 'perNeuron'): LayerSnapshot {
  const weights = new Float64Array(inputs * outputs);
  for (let o = 0; o < outputs; o++) for (let i = 0; i < inputs; i++) weights[o * inputs + i] = o + i / 10000;
  const length = bias === 'perNeuron' ? outputs : bias === 'shared' ? 1 : 0;
  const b = Float64Array.from({ length }, (_, o) => -o - 0.5);
  return { inputs, outputs, activation: 'tanh', weights, bias: b, gradientNorm: inputs * outputs };
}

/** Neuron n's thumbnail is the constant n, so a decoded cell names its neuron. */
function thumbnailsFor(units: number[], size: number): Float32Array[] {
  return units.map((n) => {
    const values = new Float32Array(n * size * size);
    for (let k = 0; k < n; k++) values.fill(k, k * size * size, (k + 1) * size * size);
    return values;
  });
}

function snapshotOf(units: number[], grid = 32, thumbGrid = 16): Snapshot {
  const layers = units.slice(1).map((outputs, l) => layer(units[l]!, outputs));
  return {
    epoch: 7,
    metrics: { epoch: 7, trainLoss: 0.5, testLoss: 0.6, trainAccuracy: 0.5, testAccuracy: 0.4, learningRate: 0.01, epochMs: 3 },
    layers,
    surface: { size: grid, channels: 1, extent: [-1, 1, -1, 1], values: new Float32Array(grid * grid).fill(0.5) },
    thumbnails: { size: thumbGrid, layers: thumbnailsFor(units, thumbGrid) },
  };
}

function decode(bytes: Uint8Array): WireSnapshot {
  const decoded = decodeSnapshot(bytes);
  if (!decoded.ok) throw new Error(decoded.message);
  return decoded.value.snapshot;
}

describe('snapshot window for big layers', () => {
  const wide = snapshotOf([7, 1024, 1024, 1]);

  it('[R11] keeps true layer sizes and whole-layer gradient norms beside a 64×64 window of weights', () => {
    const s = decode(encodeSnapshot(wide));
    expect(s.layers.map((l) => [l.inputs, l.outputs, l.weightRows, l.weightCols, l.gradientNorm])).toEqual([
      [7, 1024, 64, 7, 7 * 1024],
      [1024, 1024, 64, 64, 1024 * 1024],
      [1024, 1, 1, 64, 1024],
    ]);
    const hidden = s.layers[1]!;
    expect(hidden.weights).toHaveLength(64 * 64);
    expect(weightAt(hidden, 63, 63)).toBeCloseTo(63.0063, 4);
    expect(weightAt(hidden, 5, 2)).toBeCloseTo(5.0002, 4);
    expect(weightAt(s.layers[2]!, 0, 63)).toBeCloseTo(0.0063, 4);
  });

  it('[R11] says a weight, bias or thumbnail outside the window was not carried instead of reading a neighbour', () => {
    const s = decode(encodeSnapshot(wide));
    const hidden = s.layers[1]!;
    expect(weightAt(hidden, 64, 0)).toBeUndefined();
    expect(weightAt(hidden, 0, 64)).toBeUndefined();
    expect(biasAt(hidden, 63)).toBeCloseTo(-63.5, 5);
    expect(biasAt(hidden, 64)).toBeUndefined();
    expect(thumbnailOffset(s.thumbnails, 1, 63)).toBe(63 * 256);
    expect(thumbnailOffset(s.thumbnails, 1, 64)).toBe(-1);
    expect(thumbnailOffset(s.thumbnails, 4, 0)).toBe(-1);
  });

  it('[R11] sends thumbnails for the first 64 neurons of each layer, in order', () => {
    const s = decode(encodeSnapshot(wide));
    expect(s.thumbnails!.layers.map((l) => l.length / 256)).toEqual([7, 64, 64, 1]);
    const hidden = s.thumbnails!.layers[2]!;
    expect(hidden[thumbnailOffset(s.thumbnails, 2, 63)]).toBe(63);
  });

  it('[R11] reads a shared bias as every neuron\'s and no bias as none', () => {
    const s = decode(encodeSnapshot({ epoch: 0, metrics: null, layers: [layer(100, 100, 'shared'), layer(100, 3, 'none')] }));
    expect([s.layers[0]!.bias.length, biasAt(s.layers[0]!, 99)]).toEqual([1, -0.5]);
    expect(biasAt(s.layers[1]!, 0)).toBeUndefined();
  });

  it('[R11] shrinks a 2-1024-1024-1 frame from megabytes to tens of kilobytes', () => {
    const bytes = encodeSnapshot(wide).byteLength;
    expect(bytes).toBe(snapshotByteLength(wide));
    expect(bytes).toBeLessThanOrEqual(64 * 1024);
  });
});

describe('snapshot byte bound', () => {
  const deepest = Array.from({ length: LIMITS.maxLayers + 1 }, () => SNAPSHOT_UNITS);

  it('[R11] keeps the worst case (16 layers past the window, 32 surface, 16 thumbnails) within SNAPSHOT_MAX_BYTES', () => {
    const worst = snapshotOf(deepest, 32, 16);
    const bytes = encodeSnapshot(worst).byteLength;
    expect(bytes).toBeLessThanOrEqual(SNAPSHOT_MAX_BYTES);
    expect(SNAPSHOTS_UNACKNOWLEDGED * SNAPSHOT_MAX_BYTES).toBeLessThanOrEqual(SLOW_CONSUMER_BYTES);
    const perLayer = decode(encodeSnapshot(worst)).thumbnails!.layers.map((l) => l.length / 256);
    expect(perLayer).toEqual(Array.from({ length: 17 }, () => 57));
  });

  it('[R11] stays within SNAPSHOT_MAX_BYTES at the largest grids with layers wider than the window', () => {
    const units = [200, 200, ...deepest.slice(2)];
    const s = snapshotOf(units, LIMITS.maxSurfaceGrid, LIMITS.maxSurfaceGrid);
    const bytes = encodeSnapshot(s);
    expect(bytes.byteLength).toBeLessThanOrEqual(SNAPSHOT_MAX_BYTES);
    const decoded = decode(bytes);
    expect(decoded.layers[0]).toMatchObject({ inputs: 200, outputs: 200, weightRows: 64, weightCols: 64 });
    // At 128×128 a thumbnail is 16 KiB: what the 16 weight windows and the surface leave holds none per layer.
    expect(decoded.thumbnails!.layers.map((l) => l.length)).toEqual(Array.from({ length: 17 }, () => 0));
  });

  it('[R11] refuses a window wider than its layer and sizes past the frame, as bad_frame', () => {
    const bytes = encodeSnapshot({ epoch: 0, metrics: null, layers: [layer(3, 2)] });
    const wider = bytes.slice();
    new DataView(wider.buffer).setUint16(20 + 10, 4, true);
    expect(decodeSnapshot(wider)).toMatchObject({ ok: false, code: 'bad_frame', message: 'layer 0: window 2×4 exceeds the layer\'s 2×3' });
    const huge = bytes.slice();
    const hugeView = new DataView(huge.buffer);
    hugeView.setUint16(20, 65535, true);
    hugeView.setUint16(22, 65535, true);
    hugeView.setUint16(26, 0, true);
    hugeView.setUint16(28, 65535, true);
    hugeView.setUint16(30, 65535, true);
    expect(decodeSnapshot(huge)).toMatchObject({ ok: false, code: 'bad_frame', message: expect.stringMatching(/^frame truncated: need \d+ bytes, have 72$/) });
  });
});
