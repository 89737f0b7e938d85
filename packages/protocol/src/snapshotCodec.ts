import type { ActivationName, LayerSnapshot, Result, Snapshot } from '@liveprop/core';
import { activationSchema } from './configSchema.js';
import { PROTOCOL_VERSION } from './version.js';

/**
 * Binary snapshot frame ([R11]). Little-endian; every number is read and written through a DataView.
 *
 * ```
 * header   u8 magic 0x4C ('L') | u8 kind 1 | u8 protocol | u8 flags (1 metrics, 2 surface, 4 thumbnails)
 *          u32 epoch | u16 layerCount | u16 reserved | f64 producedAt (Unix ms, fractional)
 * metrics  u32 epoch | u32 reserved | f64 trainLoss, testLoss, trainAccuracy, testAccuracy, learningRate, epochMs
 *          (accuracy NaN = null)
 * layer ×n u16 inputs | u16 outputs | u8 activation index | u8 reserved | u16 biasLength | f64 gradientNorm
 *          f32 weights[outputs*inputs] (row-major [outputs][inputs]) | f32 bias[biasLength]
 * surface  u16 size | u16 reserved | f32 xMin, xMax, yMin, yMax | block(size*size)
 * thumbs   u16 size | u16 layerCount | per layer: u16 neurons | u16 reserved | neurons × block(size*size)
 * block(n) f32 min | f32 max | u8 q[n]   value = min + q/255·(max−min); NaN encodes as min
 * ```
 * Weights lose precision to float32 and grids to 8 bits: enough to draw, not to resume training from.
 */
export const SNAPSHOT_MAGIC = 0x4c;
export const SNAPSHOT_KIND = 1;

const ACTIVATIONS = activationSchema.options;
const FLAG_METRICS = 1;
const FLAG_SURFACE = 2;
const FLAG_THUMBNAILS = 4;
const HEADER_BYTES = 20;
const METRICS_BYTES = 56;
const LAYER_HEADER_BYTES = 16;

const blockBytes = (n: number): number => 8 + n;

/** When the snapshot in `bytes` was produced (Unix ms), read without decoding the rest; NaN when too short. */
export function snapshotProducedAt(bytes: Uint8Array): number {
  if (bytes.byteLength < HEADER_BYTES) return Number.NaN;
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getFloat64(12, true);
}

/** Bytes {@link encodeSnapshot} will produce for this snapshot. */
export function snapshotByteLength(s: Snapshot): number {
  let bytes = HEADER_BYTES + (s.metrics ? METRICS_BYTES : 0);
  for (const layer of s.layers) bytes += LAYER_HEADER_BYTES + 4 * (layer.weights.length + layer.bias.length);
  if (s.surface) bytes += 20 + blockBytes(s.surface.values.length);
  if (s.thumbnails) {
    const cell = s.thumbnails.size * s.thumbnails.size;
    bytes += 4;
    for (const layer of s.thumbnails.layers) {
      const neurons = cell === 0 ? 0 : Math.floor(layer.length / cell);
      bytes += 4 + neurons * blockBytes(cell);
    }
  }
  return bytes;
}

function writeBlock(bytes: Uint8Array, view: DataView, offset: number, values: Float32Array, start: number, n: number): number {
  let min = Infinity;
  let max = -Infinity;
  const end = start + n;
  for (let i = start; i < end; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(min <= max)) min = max = 0;
  view.setFloat32(offset, min, true);
  view.setFloat32(offset + 4, max, true);
  const scale = max > min ? 255 / (max - min) : 0;
  let o = offset + 8;
  for (let i = start; i < end; i++) {
    const q = (values[i]! - min) * scale + 0.5;
    bytes[o++] = q >= 0 ? q : 0;
  }
  return o;
}

/**
 * Encodes a core snapshot into the binary layout above, once, for every viewer. `producedAt` (Unix ms) lets a
 * client measure how stale the frame is.
 */
export function encodeSnapshot(s: Snapshot, producedAt = Date.now()): Uint8Array {
  const bytes = new Uint8Array(snapshotByteLength(s));
  const view = new DataView(bytes.buffer);
  const flags = (s.metrics ? FLAG_METRICS : 0) | (s.surface ? FLAG_SURFACE : 0) | (s.thumbnails ? FLAG_THUMBNAILS : 0);
  view.setUint8(0, SNAPSHOT_MAGIC);
  view.setUint8(1, SNAPSHOT_KIND);
  view.setUint8(2, PROTOCOL_VERSION);
  view.setUint8(3, flags);
  view.setUint32(4, s.epoch, true);
  view.setUint16(8, s.layers.length, true);
  view.setFloat64(12, producedAt, true);
  let o = HEADER_BYTES;
  if (s.metrics) {
    const m = s.metrics;
    view.setUint32(o, m.epoch, true);
    const values = [m.trainLoss, m.testLoss, m.trainAccuracy ?? Number.NaN, m.testAccuracy ?? Number.NaN, m.learningRate, m.epochMs];
    for (let i = 0; i < values.length; i++) view.setFloat64(o + 8 + 8 * i, values[i] ?? Number.NaN, true);
    o += METRICS_BYTES;
  }
  for (const layer of s.layers) {
    view.setUint16(o, layer.inputs, true);
    view.setUint16(o + 2, layer.outputs, true);
    view.setUint8(o + 4, Math.max(0, ACTIVATIONS.indexOf(layer.activation)));
    view.setUint16(o + 6, layer.bias.length, true);
    view.setFloat64(o + 8, layer.gradientNorm, true);
    o += LAYER_HEADER_BYTES;
    for (let i = 0; i < layer.weights.length; i++, o += 4) view.setFloat32(o, layer.weights[i] ?? 0, true);
    for (let i = 0; i < layer.bias.length; i++, o += 4) view.setFloat32(o, layer.bias[i] ?? 0, true);
  }
  if (s.surface) {
    view.setUint16(o, s.surface.size, true);
    for (let i = 0; i < 4; i++) view.setFloat32(o + 4 + 4 * i, s.surface.extent[i] ?? 0, true);
    o = writeBlock(bytes, view, o + 20, s.surface.values, 0, s.surface.values.length);
  }
  if (s.thumbnails) {
    const cell = s.thumbnails.size * s.thumbnails.size;
    view.setUint16(o, s.thumbnails.size, true);
    view.setUint16(o + 2, s.thumbnails.layers.length, true);
    o += 4;
    for (const layer of s.thumbnails.layers) {
      const neurons = cell === 0 ? 0 : Math.floor(layer.length / cell);
      view.setUint16(o, neurons, true);
      o += 4;
      for (let n = 0; n < neurons; n++) o = writeBlock(bytes, view, o, layer, n * cell, cell);
    }
  }
  return bytes;
}

class Reader {
  offset = 0;
  constructor(readonly view: DataView) {}
  need(n: number): void {
    if (this.offset + n > this.view.byteLength) {
      throw new RangeError(`snapshot frame truncated: need ${this.offset + n} bytes, have ${this.view.byteLength}`);
    }
  }
  u8(): number { this.need(1); return this.view.getUint8(this.offset++); }
  u16(): number { this.need(2); const v = this.view.getUint16(this.offset, true); this.offset += 2; return v; }
  u32(): number { this.need(4); const v = this.view.getUint32(this.offset, true); this.offset += 4; return v; }
  f32(): number { this.need(4); const v = this.view.getFloat32(this.offset, true); this.offset += 4; return v; }
  f64(): number { this.need(8); const v = this.view.getFloat64(this.offset, true); this.offset += 8; return v; }
  block(out: Float32Array, start: number, n: number): void {
    const min = this.f32();
    const max = this.f32();
    this.need(n);
    const step = (max - min) / 255;
    for (let i = 0; i < n; i++) out[start + i] = min + this.view.getUint8(this.offset + i) * step;
    this.offset += n;
  }
}

/** A decoded snapshot frame: the core snapshot and when the server produced it. */
export interface DecodedSnapshot {
  snapshot: Snapshot;
  /** Unix ms. */
  producedAt: number;
}

function readSnapshot(r: Reader): DecodedSnapshot {
  if (r.u8() !== SNAPSHOT_MAGIC) throw new RangeError('not a snapshot frame: bad magic byte');
  const kind = r.u8();
  if (kind !== SNAPSHOT_KIND) throw new RangeError(`expected frame kind ${SNAPSHOT_KIND}, got ${kind}`);
  const version = r.u8();
  if (version !== PROTOCOL_VERSION) throw new RangeError(`expected protocol ${PROTOCOL_VERSION}, got ${version}`);
  const flags = r.u8();
  const epoch = r.u32();
  const layerCount = r.u16();
  r.u16();
  const producedAt = r.f64();
  const snapshot: Snapshot = { epoch, metrics: null, layers: [] };
  if (flags & FLAG_METRICS) {
    const mEpoch = r.u32();
    r.u32();
    const [trainLoss, testLoss, trainAccuracy, testAccuracy, learningRate, epochMs] = [r.f64(), r.f64(), r.f64(), r.f64(), r.f64(), r.f64()];
    snapshot.metrics = {
      epoch: mEpoch, trainLoss, testLoss, learningRate, epochMs,
      trainAccuracy: Number.isNaN(trainAccuracy) ? null : trainAccuracy,
      testAccuracy: Number.isNaN(testAccuracy) ? null : testAccuracy,
    };
  }
  for (let l = 0; l < layerCount; l++) {
    const inputs = r.u16();
    const outputs = r.u16();
    const activation = ACTIVATIONS[r.u8()] as ActivationName | undefined;
    if (activation === undefined) throw new RangeError(`layer ${l}: unknown activation index`);
    r.u8();
    const biasLength = r.u16();
    const gradientNorm = r.f64();
    const weights = new Float64Array(inputs * outputs);
    for (let i = 0; i < weights.length; i++) weights[i] = r.f32();
    const bias = new Float64Array(biasLength);
    for (let i = 0; i < biasLength; i++) bias[i] = r.f32();
    const layer: LayerSnapshot = { inputs, outputs, activation, weights, bias, gradientNorm };
    snapshot.layers.push(layer);
  }
  if (flags & FLAG_SURFACE) {
    const size = r.u16();
    r.u16();
    const extent: [number, number, number, number] = [r.f32(), r.f32(), r.f32(), r.f32()];
    const values = new Float32Array(size * size);
    r.block(values, 0, values.length);
    snapshot.surface = { size, extent, values };
  }
  if (flags & FLAG_THUMBNAILS) {
    const size = r.u16();
    const count = r.u16();
    const cell = size * size;
    const layers: Float32Array[] = [];
    for (let l = 0; l < count; l++) {
      const neurons = r.u16();
      r.u16();
      const values = new Float32Array(neurons * cell);
      for (let n = 0; n < neurons; n++) r.block(values, n * cell, cell);
      layers.push(values);
    }
    snapshot.thumbnails = { size, layers };
  }
  if (r.offset !== r.view.byteLength) throw new RangeError(`snapshot frame has ${r.view.byteLength - r.offset} trailing bytes`);
  return { snapshot, producedAt };
}

/** Decodes a binary snapshot frame; a malformed frame is a `bad_frame` result, never a throw. */
export function decodeSnapshot(bytes: Uint8Array | ArrayBuffer): Result<DecodedSnapshot> {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  try {
    return { ok: true, value: readSnapshot(new Reader(new DataView(u8.buffer, u8.byteOffset, u8.byteLength))) };
  } catch (err) {
    return { ok: false, code: 'bad_frame', message: (err as Error).message };
  }
}
