import type { Trainer } from '@liveprop/core';
import { encodeSnapshot } from '@liveprop/protocol';

/**
 * While training runs, neuron thumbnails ride every third snapshot (≥ 10 a second at display rate): they are most of
 * a snapshot's bytes and small pictures, so a crowd of viewers receives about half the bytes for the same motion.
 * Clients keep the previous thumbnails while the layer sizes match ([R11]).
 */
export const THUMBNAIL_EVERY = 3;

/** Takes and encodes a session's snapshots, deciding which carry thumbnails, and times them. */
export class SnapshotTaker {
  /** How long the last snapshot took to take and encode, ms. */
  costMs = 0;
  /** The last snapshot carried thumbnails (or none are configured), so a paused session needs no other. */
  complete = false;
  private sinceThumbnails = Infinity;

  constructor(
    private readonly trainer: Trainer,
    private readonly grid: number,
    private readonly thumbnailGrid: number,
  ) {}

  /** A snapshot of the trainer now; `full` forces thumbnails (a paused session's last picture must have them). */
  take(full: boolean): Uint8Array {
    const start = performance.now();
    const withThumbnails = full || this.sinceThumbnails + 1 >= THUMBNAIL_EVERY;
    const taken = this.trainer.snapshot({ grid: this.grid, thumbnailGrid: withThumbnails ? this.thumbnailGrid : 0 });
    const bytes = encodeSnapshot(taken, performance.timeOrigin + performance.now());
    this.sinceThumbnails = withThumbnails ? 0 : this.sinceThumbnails + 1;
    this.complete = withThumbnails || this.thumbnailGrid === 0;
    this.costMs = performance.now() - start;
    return bytes;
  }
}
