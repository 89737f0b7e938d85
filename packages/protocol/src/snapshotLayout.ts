import type { LayerSnapshot, Snapshot } from '@liveprop/core';
import { SNAPSHOT_MAX_BYTES, SNAPSHOT_UNITS } from './snapshotTypes.js';

export const HEADER_BYTES = 20;
export const METRICS_BYTES = 56;
export const LAYER_HEADER_BYTES = 20;
export const SURFACE_HEADER_BYTES = 20;
export const THUMBS_HEADER_BYTES = 4;
export const THUMBS_LAYER_HEADER_BYTES = 4;

/** Bytes of a quantized grid of `n` values: f32 min, f32 max, u8 per value. */
export const blockBytes = (n: number): number => 8 + n;

/** The window of one layer a frame carries. */
export interface LayerWindow {
  rows: number;
  cols: number;
  biasLength: number;
}

export function layerWindow(layer: LayerSnapshot): LayerWindow {
  const rows = Math.min(layer.outputs, SNAPSHOT_UNITS);
  return { rows, cols: Math.min(layer.inputs, SNAPSHOT_UNITS), biasLength: Math.min(layer.bias.length, rows) };
}

/** How a snapshot will be encoded: its size, and how many neurons of each layer get a thumbnail. */
export interface SnapshotPlan {
  bytes: number;
  thumbnailNeurons: number;
}

/** Neurons of a thumbnail layer: its values hold `[neurons][cell]`. */
export const thumbnailNeurons = (values: Float32Array, cell: number): number => (cell === 0 ? 0 : Math.floor(values.length / cell));

function thumbnailBytes(thumbnails: NonNullable<Snapshot['thumbnails']>, perLayer: number): number {
  const cell = thumbnails.size * thumbnails.size;
  let bytes = THUMBS_HEADER_BYTES;
  for (const values of thumbnails.layers) {
    bytes += THUMBS_LAYER_HEADER_BYTES + Math.min(perLayer, thumbnailNeurons(values, cell)) * blockBytes(cell);
  }
  return bytes;
}

/**
 * Sizes the frame: every layer's window, the surface, and thumbnails for the first {@link SNAPSHOT_UNITS} neurons of
 * each layer, or for fewer when that would pass {@link SNAPSHOT_MAX_BYTES}.
 */
export function planSnapshot(s: Snapshot): SnapshotPlan {
  let fixed = HEADER_BYTES + (s.metrics ? METRICS_BYTES : 0);
  for (const layer of s.layers) {
    const w = layerWindow(layer);
    fixed += LAYER_HEADER_BYTES + 4 * (w.rows * w.cols + w.biasLength);
  }
  if (s.surface) fixed += SURFACE_HEADER_BYTES + blockBytes(s.surface.values.length);
  if (!s.thumbnails) return { bytes: fixed, thumbnailNeurons: 0 };
  let perLayer = SNAPSHOT_UNITS;
  let bytes = fixed + thumbnailBytes(s.thumbnails, perLayer);
  while (perLayer > 0 && bytes > SNAPSHOT_MAX_BYTES) {
    perLayer--;
    bytes = fixed + thumbnailBytes(s.thumbnails, perLayer);
  }
  return { bytes, thumbnailNeurons: perLayer };
}
