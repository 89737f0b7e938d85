/**
 * Packs many epochs of metrics into one compact blob, column by column.
 *
 * Layout (little-endian): u8 version, u8 0, u16 column count, u32 epoch count, then per column a u8 mode and its
 * payload. Modes: FULL = count f64; CONSTANT = one f64; ALL_NULL = nothing; SEQUENCE = f64 start, value i = start + i;
 * NULLABLE = a bitmap of ceil(count / 8) bytes (bit set = null) then count f64. Values are exact: f64, never rounded.
 */
import { EPOCH_COLUMNS, type PackedEpochs } from '@liveprop/core';
import { METRIC_COLUMNS, type MetricColumn } from '@liveprop/protocol';
import { StoredDataError } from './storedDataError.js';
import type { EpochMetricsRow } from './types.js';

export const CHUNK_FORMAT_VERSION = 1;

/**
 * Column order inside a chunk and in CSV exports: protocol's one list. A chunk says how many columns it holds, so
 * a new metric appended to the list is a new format version here (old chunks keep their count).
 */
export { METRIC_COLUMNS, type MetricColumn };

/** Where each chunk column sits in a packed epoch. */
const PACKED_INDEX: readonly number[] = METRIC_COLUMNS.map((column) => EPOCH_COLUMNS.indexOf(column));

const Mode = { Full: 0, Constant: 1, AllNull: 2, Sequence: 3, Nullable: 4 } as const;
type Mode = (typeof Mode)[keyof typeof Mode];

const HEADER_BYTES = 8;

/** A decoded chunk: one Float64Array per column of `METRIC_COLUMNS`; `nulls[c]` marks null cells (1 = null). */
export interface DecodedChunk {
  count: number;
  columns: Float64Array[];
  nulls: (Uint8Array | null)[];
}

export class ChunkFormatError extends StoredDataError {
  override name = 'ChunkFormatError';
}

/** The mode of a column of `count` values (null cells flagged in `nulls`, `nullCount` of them). */
function chooseMode(values: Float64Array, count: number, nullCount: number, isEpoch: boolean): Mode {
  if (nullCount === count) return Mode.AllNull;
  if (nullCount > 0) return Mode.Nullable;
  const first = values[0]!;
  let constant = true;
  let sequence = isEpoch && count > 1;
  for (let i = 1; i < count && (constant || sequence); i++) {
    const v = values[i]!;
    if (constant && !Object.is(v, first)) constant = false;
    if (sequence && v !== first + i) sequence = false;
  }
  if (sequence) return Mode.Sequence;
  if (constant) return Mode.Constant;
  return Mode.Full;
}

function payloadBytes(mode: Mode, count: number): number {
  switch (mode) {
    case Mode.Full:
      return 8 * count;
    case Mode.Constant:
    case Mode.Sequence:
      return 8;
    case Mode.AllNull:
      return 0;
    case Mode.Nullable:
      return Math.ceil(count / 8) + 8 * count;
  }
}

/** One column's values and null flags, grown as chunks need, reused by every encode (one thread, no await). */
let scratch = { values: new Float64Array(0), nulls: new Uint8Array(0) };

/** Encodes `epochs` (at least one, packed: only an accuracy can be null) into a chunk blob. */
export function encodeChunk(epochs: PackedEpochs): Buffer {
  const count = epochs.length;
  if (count === 0) throw new ChunkFormatError('expected at least 1 epoch in a chunk, got 0');
  if (scratch.values.length < count) scratch = { values: new Float64Array(count), nulls: new Uint8Array(count) };
  const { values, nulls } = scratch;
  const modes: Mode[] = [];
  let size = HEADER_BYTES;
  for (let c = 0; c < METRIC_COLUMNS.length; c++) {
    const mode = chooseMode(values, count, epochs.column(PACKED_INDEX[c]!, values), c === 0);
    modes.push(mode);
    size += 1 + payloadBytes(mode, count);
  }
  const buf = Buffer.alloc(size);
  buf.writeUInt8(CHUNK_FORMAT_VERSION, 0);
  buf.writeUInt16LE(METRIC_COLUMNS.length, 2);
  buf.writeUInt32LE(count, 4);
  let at = HEADER_BYTES;
  for (let c = 0; c < METRIC_COLUMNS.length; c++) {
    const mode = modes[c]!;
    buf.writeUInt8(mode, at++);
    if (mode === Mode.AllNull) continue;
    epochs.column(PACKED_INDEX[c]!, values, nulls);
    if (mode === Mode.Constant || mode === Mode.Sequence) {
      at = buf.writeDoubleLE(values[0]!, at);
    } else if (mode === Mode.Full) {
      for (let i = 0; i < count; i++) at = buf.writeDoubleLE(values[i]!, at);
    } else {
      const bitmapAt = at;
      at += Math.ceil(count / 8);
      for (let i = 0; i < count; i++) {
        if (nulls[i] === 1) buf[bitmapAt + (i >> 3)]! |= 1 << (i & 7);
        at = buf.writeDoubleLE(nulls[i] === 1 ? 0 : values[i]!, at);
      }
    }
  }
  return buf;
}

/** Decodes a chunk blob; throws `ChunkFormatError` when the bytes are not a chunk this version wrote. */
export function decodeChunk(blob: Uint8Array): DecodedChunk {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < HEADER_BYTES) throw new ChunkFormatError(`expected at least ${HEADER_BYTES} bytes, got ${buf.length}`);
  const version = buf.readUInt8(0);
  if (version !== CHUNK_FORMAT_VERSION) {
    throw new ChunkFormatError(`expected chunk format ${CHUNK_FORMAT_VERSION}, got ${version}`);
  }
  const columnCount = buf.readUInt16LE(2);
  if (columnCount !== METRIC_COLUMNS.length) {
    throw new ChunkFormatError(`expected ${METRIC_COLUMNS.length} columns, got ${columnCount}`);
  }
  const count = buf.readUInt32LE(4);
  const columns: Float64Array[] = [];
  const nulls: (Uint8Array | null)[] = [];
  let at = HEADER_BYTES;
  for (let c = 0; c < columnCount; c++) {
    const mode = buf.readUInt8(at++) as Mode;
    const values = new Float64Array(count);
    let nullMap: Uint8Array | null = null;
    if (at + payloadBytes(mode, count) > buf.length || mode > Mode.Nullable) {
      throw new ChunkFormatError(`chunk truncated or bad mode ${mode} in column ${METRIC_COLUMNS[c]}`);
    }
    if (mode === Mode.Full) {
      for (let i = 0; i < count; i++, at += 8) values[i] = buf.readDoubleLE(at);
    } else if (mode === Mode.Constant) {
      values.fill(buf.readDoubleLE(at));
      at += 8;
    } else if (mode === Mode.Sequence) {
      const start = buf.readDoubleLE(at);
      for (let i = 0; i < count; i++) values[i] = start + i;
      at += 8;
    } else if (mode === Mode.AllNull) {
      nullMap = new Uint8Array(count).fill(1);
    } else {
      nullMap = new Uint8Array(count);
      for (let i = 0; i < count; i++) nullMap[i] = (buf[at + (i >> 3)]! >> (i & 7)) & 1;
      at += Math.ceil(count / 8);
      for (let i = 0; i < count; i++, at += 8) values[i] = buf.readDoubleLE(at);
    }
    columns.push(values);
    nulls.push(nullMap);
  }
  return { count, columns, nulls };
}

/** Row `i` of a decoded chunk as an `EpochMetricsRow`. */
export function chunkRow(chunk: DecodedChunk, i: number): EpochMetricsRow {
  const cell = (c: number): number | null => (chunk.nulls[c]?.[i] === 1 ? null : chunk.columns[c]![i]!);
  return {
    epoch: chunk.columns[0]![i]!,
    trainLoss: chunk.columns[1]![i]!,
    testLoss: chunk.columns[2]![i]!,
    trainAccuracy: cell(3),
    testAccuracy: cell(4),
    learningRate: chunk.columns[5]![i]!,
    epochMs: chunk.columns[6]![i]!,
  };
}
