import { describe, expect, it } from 'vitest';
import type { LayerSnapshot, Snapshot } from '@liveprop/core';
import { decodeServerMessage } from './codec.js';
import { SNAPSHOT_MAGIC, decodeSnapshot, encodeSnapshot, snapshotByteLength, snapshotProducedAt } from './snapshotCodec.js';
import { PROTOCOL_VERSION } from './version.js';

function layer(inputs: number, outputs: number, seed: number): LayerSnapshot {
  const weights = new Float64Array(inputs * outputs);
  for (let i = 0; i < weights.length; i++) weights[i] = Math.sin(seed * 31 + i) * 2;
  const bias = new Float64Array(outputs);
  for (let i = 0; i < outputs; i++) bias[i] = Math.cos(seed + i);
  return { inputs, outputs, activation: outputs === 1 ? 'sigmoid' : 'tanh', weights, bias, gradientNorm: 0.25 * seed };
}

function grid(n: number, phase: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.tanh(Math.sin(i * 0.1 + phase) * 3);
  return out;
}

/** A spiral-sized 2-16-16-1 network with a 32×32 surface and 16×16 thumbnails for every neuron. */
function spiralSnapshot(): Snapshot {
  return {
    epoch: 1234,
    metrics: { epoch: 1234, trainLoss: 0.12, testLoss: 0.2, trainAccuracy: 0.97, testAccuracy: null, learningRate: 0.03, epochMs: 1.5 },
    layers: [layer(2, 16, 1), layer(16, 16, 2), layer(16, 1, 3)],
    surface: { size: 32, channels: 1, extent: [-6, 6, -5, 5], values: grid(32 * 32, 0) },
    thumbnails: { size: 16, layers: [grid(2 * 256, 1), grid(16 * 256, 2), grid(16 * 256, 3), grid(256, 4)] },
  };
}

describe('snapshot binary frame', () => {
  it('[R11] keeps a 2-16-16-1 snapshot with surface and thumbnails under 16 KiB', () => {
    const bytes = encodeSnapshot(spiralSnapshot());
    expect(bytes.byteLength).toBe(snapshotByteLength(spiralSnapshot()));
    expect(bytes.byteLength).toBeLessThanOrEqual(16 * 1024);
  });

  it('[R11] carries a small network whole: kind 1 layout plus a 4-byte window per layer', () => {
    const kind1Bytes = 20 + 56 + (16 + 4 * (2 * 16 + 16)) + (16 + 4 * (16 * 16 + 16)) + (16 + 4 * (16 + 1))
      + (20 + 8 + 32 * 32) + 4 + 4 * 4 + (2 + 16 + 16 + 1) * (8 + 256);
    expect(encodeSnapshot(spiralSnapshot()).byteLength).toBe(kind1Bytes + 3 * 4);
  });

  it('[R11] marks frames kind 2 and refuses a frame of the old kind 1 layout by name', () => {
    const bytes = encodeSnapshot(spiralSnapshot());
    expect([...bytes.subarray(0, 3)]).toEqual([SNAPSHOT_MAGIC, 2, PROTOCOL_VERSION]);
    const old = bytes.slice();
    old[1] = 1;
    expect(decodeSnapshot(old)).toEqual({ ok: false, code: 'bad_frame', message: 'expected snapshot frame kind 2, got 1' });
  });

  it('[R11] decodes to the same shapes with float32 weights and 8-bit grids', () => {
    const original = spiralSnapshot();
    const decoded = decodeSnapshot(encodeSnapshot(original, 1_700_000_000_123.5));
    if (!decoded.ok) throw new Error(decoded.message);
    expect(decoded.value.producedAt).toBe(1_700_000_000_123.5);
    const s = decoded.value.snapshot;
    expect(s.epoch).toBe(1234);
    expect(s.metrics).toEqual(original.metrics);
    expect(s.layers.map((l) => [l.inputs, l.outputs, l.weightRows, l.weightCols, l.activation, l.gradientNorm])).toEqual(
      original.layers.map((l) => [l.inputs, l.outputs, l.outputs, l.inputs, l.activation, l.gradientNorm]),
    );
    original.layers.forEach((l, i) => {
      const got = s.layers[i]!;
      l.weights.forEach((w, j) => expect(got.weights[j]).toBeCloseTo(w, 6));
      l.bias.forEach((b, j) => expect(got.bias[j]).toBeCloseTo(b, 6));
    });
    expect(s.surface?.size).toBe(32);
    expect(s.surface?.extent).toEqual([-6, 6, -5, 5]);
    const range = 2;
    original.surface!.values.forEach((v, i) => expect(Math.abs(s.surface!.values[i]! - v)).toBeLessThanOrEqual(range / 255));
    expect(s.thumbnails?.layers.map((l) => l.length)).toEqual([512, 4096, 4096, 256]);
    original.thumbnails!.layers[2]!.forEach((v, i) =>
      expect(Math.abs(s.thumbnails!.layers[2]![i]! - v)).toBeLessThanOrEqual(range / 255),
    );
  });

  it('[R11] carries one surface plane per output, so a 3-class network draws every class', () => {
    const threeClass: Snapshot = { ...spiralSnapshot(), layers: [layer(2, 8, 1), layer(8, 3, 2)], thumbnails: undefined };
    const planes = new Float32Array(3 * 32 * 32);
    for (let i = 0; i < planes.length; i++) planes[i] = (i % 7) / 6;
    threeClass.surface = { size: 32, channels: 3, extent: [-6, 6, -6, 6], values: planes };
    const decoded = decodeSnapshot(encodeSnapshot(threeClass));
    if (!decoded.ok) throw new Error(decoded.message);
    const surface = decoded.value.snapshot.surface!;
    expect([surface.size, surface.channels, surface.values.length]).toEqual([32, 3, 3 * 32 * 32]);
    planes.forEach((v, i) => expect(Math.abs(surface.values[i]! - v)).toBeLessThanOrEqual(1 / 255));
  });

  it('[R11] refuses a surface that claims no channels', () => {
    const bytes = encodeSnapshot({ ...spiralSnapshot(), thumbnails: undefined });
    const surfaceAt = bytes.byteLength - (20 + 8 + 32 * 32);
    new DataView(bytes.buffer).setUint16(surfaceAt + 2, 0, true);
    expect(decodeSnapshot(bytes)).toMatchObject({ ok: false, code: 'bad_frame', message: expect.stringContaining('0 channels') });
  });

  it('[R11] exposes the production time without decoding the frame', () => {
    expect(snapshotProducedAt(encodeSnapshot(spiralSnapshot(), 42.25))).toBe(42.25);
    expect(snapshotProducedAt(new Uint8Array(3))).toBeNaN();
  });

  it('[R11] decodes a snapshot without optional parts', () => {
    const bare: Snapshot = { epoch: 0, metrics: null, layers: [layer(2, 2, 1)] };
    const decoded = decodeServerMessage(encodeSnapshot(bare));
    expect(decoded.ok && decoded.value.type === 'snapshot' && decoded.value.snapshot.surface).toBe(undefined);
    expect(decoded.ok && decoded.value.type === 'snapshot' && decoded.value.snapshot.layers.length).toBe(1);
  });

  it('[R11] refuses a truncated frame with bad_frame instead of throwing', () => {
    const bytes = encodeSnapshot(spiralSnapshot());
    for (const cut of [0, 5, 40, 500, bytes.byteLength - 1]) {
      expect(decodeSnapshot(bytes.subarray(0, cut))).toMatchObject({ ok: false, code: 'bad_frame' });
    }
  });

  it('[R11] refuses trailing bytes and a wrong magic byte', () => {
    const bytes = encodeSnapshot(spiralSnapshot());
    const longer = new Uint8Array(bytes.byteLength + 1);
    longer.set(bytes);
    expect(decodeSnapshot(longer)).toMatchObject({ ok: false, code: 'bad_frame' });
    const wrong = bytes.slice();
    wrong[0] = 0;
    expect(decodeSnapshot(wrong)).toMatchObject({ ok: false, code: 'bad_frame' });
  });
});
