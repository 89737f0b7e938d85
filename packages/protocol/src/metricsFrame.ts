import { PackedEpochs, type EpochBatch, type Result } from '@liveprop/core';
import { FrameReader } from './frameReader.js';
import type { MetricColumns } from './serverMessages.js';
import { SNAPSHOT_MAGIC } from './snapshotCodec.js';
import { PROTOCOL_VERSION } from './version.js';

/**
 * Binary metrics frame ([R8], [R26]), kind 3: the same `metrics{streamId, seq, columns}` message as the JSON frame,
 * at 52 bytes an epoch, encoded without turning numbers into text. Little-endian, through a DataView.
 *
 * ```
 * header   u8 magic 0x4C ('L') | u8 kind 3 | u8 protocol | u8 streamIdLength (1..64)
 *          u32 seq | u32 count | u8 streamId[streamIdLength] (ASCII)
 * columns  u32 epoch[count] | f64 trainLoss[count] | testLoss | trainAccuracy | testAccuracy | learningRate | epochMs
 *          (NaN, ±Infinity and a null accuracy all travel as NaN and decode as null, as JSON carries them)
 * ```
 */
export const METRICS_FRAME_KIND = 3;
/** Longest stream id a metrics frame carries. */
export const MAX_STREAM_ID_BYTES = 64;
/** Bytes a metrics frame spends on each epoch. */
export const METRICS_FRAME_EPOCH_BYTES = 4 + 6 * 8;

const HEADER_BYTES = 12;
const FLOAT_COLUMNS = ['trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy', 'learningRate', 'epochMs'] as const;
/** Where each float column sits in a packed epoch (core's `EPOCH_COLUMNS`: epoch first, then these in this order). */
const FIRST_PACKED_FLOAT = 1;

/** Encodes one broadcast of `batch` (at least one epoch, in epoch order; records or packed) once, for every viewer. */
export function encodeMetricsFrame(streamId: string, seq: number, batch: EpochBatch): Uint8Array {
  if (streamId.length < 1 || streamId.length > MAX_STREAM_ID_BYTES || !/^[\x21-\x7e]+$/.test(streamId)) {
    throw new RangeError(`stream id must be 1..${MAX_STREAM_ID_BYTES} printable ASCII characters, got ${JSON.stringify(streamId)}`);
  }
  const epochs = PackedEpochs.of(batch);
  const count = epochs.length;
  const idBytes = streamId.length;
  const bytes = new Uint8Array(HEADER_BYTES + idBytes + count * METRICS_FRAME_EPOCH_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, SNAPSHOT_MAGIC);
  view.setUint8(1, METRICS_FRAME_KIND);
  view.setUint8(2, PROTOCOL_VERSION);
  view.setUint8(3, idBytes);
  view.setUint32(4, seq, true);
  view.setUint32(8, count, true);
  for (let i = 0; i < idBytes; i++) bytes[HEADER_BYTES + i] = streamId.charCodeAt(i);
  let o = HEADER_BYTES + idBytes;
  const column = new Float64Array(count);
  epochs.column(0, column);
  for (let k = 0; k < count; k++, o += 4) view.setUint32(o, column[k]!, true);
  for (let c = FIRST_PACKED_FLOAT; c < FIRST_PACKED_FLOAT + FLOAT_COLUMNS.length; c++) {
    epochs.column(c, column);
    for (let k = 0; k < count; k++, o += 8) view.setFloat64(o, column[k]!, true);
  }
  return bytes;
}

/** Frame kind of a binary server frame (2 snapshot, 3 metrics), or -1 when it is not one of ours. */
export function binaryFrameKind(bytes: Uint8Array): number {
  return bytes.byteLength >= 2 && bytes[0] === SNAPSHOT_MAGIC ? bytes[1]! : -1;
}

/** The `metrics` message a kind-3 frame carries; throws a RangeError naming what is wrong. */
export function readMetricsFrame(r: FrameReader): { type: 'metrics'; streamId: string; seq: number; columns: MetricColumns } {
  if (r.u8() !== SNAPSHOT_MAGIC) throw new RangeError('not a liveprop frame: bad magic byte');
  const kind = r.u8();
  if (kind !== METRICS_FRAME_KIND) throw new RangeError(`expected metrics frame kind ${METRICS_FRAME_KIND}, got ${kind}`);
  const version = r.u8();
  if (version !== PROTOCOL_VERSION) throw new RangeError(`expected protocol ${PROTOCOL_VERSION}, got ${version}`);
  const idBytes = r.u8();
  if (idBytes < 1 || idBytes > MAX_STREAM_ID_BYTES) throw new RangeError(`stream id of ${idBytes} bytes; expected 1..${MAX_STREAM_ID_BYTES}`);
  const seq = r.u32();
  const count = r.u32();
  const expected = HEADER_BYTES + idBytes + count * METRICS_FRAME_EPOCH_BYTES;
  if (r.view.byteLength !== expected) {
    throw new RangeError(`metrics frame of ${count} epochs must be ${expected} bytes, got ${r.view.byteLength}`);
  }
  let streamId = '';
  for (let i = 0; i < idBytes; i++) {
    const c = r.u8();
    if (c < 0x21 || c > 0x7e) throw new RangeError(`stream id byte ${i} is not printable ASCII`);
    streamId += String.fromCharCode(c);
  }
  const epoch: number[] = new Array<number>(count);
  for (let k = 0; k < count; k++) epoch[k] = r.u32();
  const columns = { epoch } as MetricColumns;
  for (const column of FLOAT_COLUMNS) {
    const values: Array<number | null> = new Array<number | null>(count);
    for (let k = 0; k < count; k++) {
      const v = r.f64();
      values[k] = Number.isFinite(v) ? v : null;
    }
    columns[column] = values;
  }
  return { type: 'metrics', streamId, seq, columns };
}

/** Decodes a kind-3 frame; a bad one comes back as `bad_frame` with the reason, never a throw. */
export function decodeMetricsFrame(bytes: Uint8Array | ArrayBuffer): Result<ReturnType<typeof readMetricsFrame>> {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  try {
    return { ok: true, value: readMetricsFrame(new FrameReader(new DataView(u8.buffer, u8.byteOffset, u8.byteLength))) };
  } catch (err) {
    return { ok: false, code: 'bad_frame', message: (err as Error).message };
  }
}
