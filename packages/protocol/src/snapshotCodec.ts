import type { ActivationName, Result, Snapshot } from '@liveprop/core';
import { LIMITS } from '@liveprop/core';
import { activationSchema } from './configSchema.js';
import { FrameReader } from './frameReader.js';
import {
  HEADER_BYTES,
  LAYER_HEADER_BYTES,
  METRICS_BYTES,
  SURFACE_HEADER_BYTES,
  THUMBS_HEADER_BYTES,
  THUMBS_LAYER_HEADER_BYTES,
  layerWindow,
  planSnapshot,
  thumbnailNeurons,
} from './snapshotLayout.js';
import type { WireLayer, WireSnapshot } from './snapshotTypes.js';
import { PROTOCOL_VERSION } from './version.js';

/**
 * Binary snapshot frame ([R11]), kind 2. Little-endian; every number is read and written through a DataView.
 *
 * ```
 * header   u8 magic 0x4C ('L') | u8 kind 2 | u8 protocol | u8 flags (1 metrics, 2 surface, 4 thumbnails)
 *          u32 epoch | u16 layerCount | u16 reserved | f64 producedAt (Unix ms, fractional)
 * metrics  u32 epoch | u32 reserved | f64 trainLoss, testLoss, trainAccuracy, testAccuracy, learningRate, epochMs
 *          (accuracy NaN = null)
 * layer ×n u16 inputs | u16 outputs (true sizes) | u8 activation index | u8 reserved | u16 biasLength
 *          u16 rows | u16 cols (the window: rows = min(outputs, 64), cols = min(inputs, 64)) | f64 gradientNorm
 *          f32 weights[rows*cols] (top-left window of [outputs][inputs], row-major) | f32 bias[biasLength]
 *          (biasLength: 0 none, 1 shared, rows per neuron)
 * surface  u16 size | u16 channels | f32 xMin, xMax, yMin, yMax | block(channels*size*size), one plane per output
 * thumbs   u16 size | u16 layerCount | per layer: u16 neurons | u16 reserved | neurons × block(size*size)
 *          (the first neurons of each layer: at most 64, fewer when the frame would pass SNAPSHOT_MAX_BYTES)
 * block(n) f32 min | f32 max | u8 q[n]   value = min + q/255·(max−min); NaN encodes as min
 * ```
 * Kind 1 was the same without `rows | cols`, carrying every weight; decoders refuse a kind they do not know.
 * Weights lose precision to float32 and grids to 8 bits: enough to draw, not to resume training from.
 */
export const SNAPSHOT_MAGIC = 0x4c;
export const SNAPSHOT_KIND = 2;

const ACTIVATIONS = activationSchema.options;
const FLAG_METRICS = 1;
const FLAG_SURFACE = 2;
const FLAG_THUMBNAILS = 4;

/** When the snapshot in `bytes` was produced (Unix ms), read without decoding the rest; NaN when too short. */
export function snapshotProducedAt(bytes: Uint8Array): number {
  if (bytes.byteLength < HEADER_BYTES) return Number.NaN;
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getFloat64(12, true);
}

/** The epoch the snapshot in `bytes` shows, read without decoding the rest; NaN when too short. */
export function snapshotEpoch(bytes: Uint8Array): number {
  if (bytes.byteLength < HEADER_BYTES) return Number.NaN;
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
}

/** Bytes {@link encodeSnapshot} will produce for this snapshot; never more than `SNAPSHOT_MAX_BYTES` within `LIMITS`. */
export function snapshotByteLength(s: Snapshot): number {
  return planSnapshot(s).bytes;
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
 * Encodes a core snapshot into the binary layout above, once, for every viewer: each layer's top-left window of
 * weights and the first neurons' thumbnails, so the frame stays bounded whatever the network. `producedAt` (Unix
 * ms) lets a client measure how stale the frame is.
 */
export function encodeSnapshot(s: Snapshot, producedAt = Date.now()): Uint8Array {
  const plan = planSnapshot(s);
  const bytes = new Uint8Array(plan.bytes);
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
    const { rows, cols, biasLength } = layerWindow(layer);
    view.setUint16(o, layer.inputs, true);
    view.setUint16(o + 2, layer.outputs, true);
    view.setUint8(o + 4, Math.max(0, ACTIVATIONS.indexOf(layer.activation)));
    view.setUint16(o + 6, biasLength, true);
    view.setUint16(o + 8, rows, true);
    view.setUint16(o + 10, cols, true);
    view.setFloat64(o + 12, layer.gradientNorm, true);
    o += LAYER_HEADER_BYTES;
    for (let r = 0; r < rows; r++) {
      const row = r * layer.inputs;
      for (let c = 0; c < cols; c++, o += 4) view.setFloat32(o, layer.weights[row + c] ?? 0, true);
    }
    for (let i = 0; i < biasLength; i++, o += 4) view.setFloat32(o, layer.bias[i] ?? 0, true);
  }
  if (s.surface) {
    view.setUint16(o, s.surface.size, true);
    view.setUint16(o + 2, s.surface.channels, true);
    for (let i = 0; i < 4; i++) view.setFloat32(o + 4 + 4 * i, s.surface.extent[i] ?? 0, true);
    o = writeBlock(bytes, view, o + SURFACE_HEADER_BYTES, s.surface.values, 0, s.surface.values.length);
  }
  if (s.thumbnails) {
    const cell = s.thumbnails.size * s.thumbnails.size;
    view.setUint16(o, s.thumbnails.size, true);
    view.setUint16(o + 2, s.thumbnails.layers.length, true);
    o += THUMBS_HEADER_BYTES;
    for (const values of s.thumbnails.layers) {
      const neurons = Math.min(plan.thumbnailNeurons, thumbnailNeurons(values, cell));
      view.setUint16(o, neurons, true);
      o += THUMBS_LAYER_HEADER_BYTES;
      for (let n = 0; n < neurons; n++) o = writeBlock(bytes, view, o, values, n * cell, cell);
    }
  }
  return bytes;
}

/** A decoded snapshot frame: the windowed snapshot and when the server produced it. */
export interface DecodedSnapshot {
  snapshot: WireSnapshot;
  /** Unix ms. */
  producedAt: number;
}

function readLayer(r: FrameReader, index: number): WireLayer {
  const inputs = r.u16();
  const outputs = r.u16();
  const activation = ACTIVATIONS[r.u8()] as ActivationName | undefined;
  if (activation === undefined) throw new RangeError(`layer ${index}: unknown activation index`);
  r.u8();
  const biasLength = r.u16();
  const weightRows = r.u16();
  const weightCols = r.u16();
  if (weightRows > outputs || weightCols > inputs) {
    throw new RangeError(`layer ${index}: window ${weightRows}×${weightCols} exceeds the layer's ${outputs}×${inputs}`);
  }
  if (biasLength > 1 && biasLength !== weightRows) {
    throw new RangeError(`layer ${index}: expected 0, 1 or ${weightRows} biases, got ${biasLength}`);
  }
  const gradientNorm = r.f64();
  const weights = r.f32s(weightRows * weightCols);
  const bias = r.f32s(biasLength);
  return { inputs, outputs, activation, weightRows, weightCols, weights, bias, gradientNorm };
}

function readThumbnails(r: FrameReader): NonNullable<WireSnapshot['thumbnails']> {
  const size = r.u16();
  const count = r.u16();
  const cell = size * size;
  const layers: Float32Array[] = [];
  for (let l = 0; l < count; l++) {
    const neurons = r.u16();
    r.u16();
    r.need(neurons * (8 + cell));
    const values = new Float32Array(neurons * cell);
    for (let n = 0; n < neurons; n++) r.block(values, n * cell, cell);
    layers.push(values);
  }
  return { size, layers };
}

function readSnapshot(r: FrameReader): DecodedSnapshot {
  if (r.u8() !== SNAPSHOT_MAGIC) throw new RangeError('not a snapshot frame: bad magic byte');
  const kind = r.u8();
  if (kind !== SNAPSHOT_KIND) throw new RangeError(`expected snapshot frame kind ${SNAPSHOT_KIND}, got ${kind}`);
  const version = r.u8();
  if (version !== PROTOCOL_VERSION) throw new RangeError(`expected protocol ${PROTOCOL_VERSION}, got ${version}`);
  const flags = r.u8();
  const epoch = r.u32();
  const layerCount = r.u16();
  r.u16();
  const producedAt = r.f64();
  const snapshot: WireSnapshot = { epoch, metrics: null, layers: [] };
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
  for (let l = 0; l < layerCount; l++) snapshot.layers.push(readLayer(r, l));
  if (flags & FLAG_SURFACE) {
    const size = r.u16();
    const channels = r.u16();
    if (channels < 1 || channels > LIMITS.maxClasses) throw new RangeError(`surface has ${channels} channels, expected 1–${LIMITS.maxClasses}`);
    const extent: [number, number, number, number] = [r.f32(), r.f32(), r.f32(), r.f32()];
    r.need(8 + channels * size * size);
    const values = new Float32Array(channels * size * size);
    r.block(values, 0, values.length);
    snapshot.surface = { size, channels, extent, values };
  }
  if (flags & FLAG_THUMBNAILS) snapshot.thumbnails = readThumbnails(r);
  if (r.offset !== r.view.byteLength) throw new RangeError(`snapshot frame has ${r.view.byteLength - r.offset} trailing bytes`);
  return { snapshot, producedAt };
}

/** Decodes a binary snapshot frame; a malformed frame or one of another kind is a `bad_frame` result, never a throw. */
export function decodeSnapshot(bytes: Uint8Array | ArrayBuffer): Result<DecodedSnapshot> {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  try {
    return { ok: true, value: readSnapshot(new FrameReader(new DataView(u8.buffer, u8.byteOffset, u8.byteLength))) };
  } catch (err) {
    return { ok: false, code: 'bad_frame', message: (err as Error).message };
  }
}
