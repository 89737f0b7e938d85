/**
 * The bytes of a `metric_chunks.data` cell: a packed chunk (see metricChunk.ts), optionally deflated.
 * A deflated cell starts with `DEFLATED_MARKER`, which no packed chunk starts with (their first byte is the format
 * version), so both kinds can sit side by side and old cells stay readable when the setting changes.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { PackedEpochs } from '@liveprop/core';
import { decodeChunk, encodeChunk, type DecodedChunk } from './metricChunk.js';
import { StoredDataError } from './storedDataError.js';

export const DEFLATED_MARKER = 0xd1;

/** Packs `epochs`; with `compress`, deflates too when that saves space (level 1: ~2x smaller for a fraction of a µs per epoch). */
export function encodeStoredChunk(epochs: PackedEpochs, compress: boolean): Buffer {
  const packed = encodeChunk(epochs);
  if (!compress) return packed;
  const deflated = deflateRawSync(packed, { level: 1 });
  if (deflated.length + 1 >= packed.length) return packed;
  const out = Buffer.allocUnsafe(deflated.length + 1);
  out[0] = DEFLATED_MARKER;
  deflated.copy(out, 1);
  return out;
}

/** Decodes a stored cell, deflated or not; damage surfaces as `StoredDataError`. */
export function decodeStoredChunk(cell: Uint8Array): DecodedChunk {
  if (cell[0] !== DEFLATED_MARKER) return decodeChunk(cell);
  let packed: Buffer;
  try {
    packed = inflateRawSync(cell.subarray(1));
  } catch (err) {
    throw new StoredDataError(`expected a deflated metrics chunk, got bytes that do not inflate (${(err as Error).message})`);
  }
  return decodeChunk(packed);
}
