import { SNAPSHOT_MAX_BYTES } from '@liveprop/protocol';

/** Snapshots a client may have unacknowledged at once; newer ones wait in one latest-wins slot ([R14]). */
export const SNAPSHOTS_IN_FLIGHT = 4;
/** Unacknowledged snapshot bytes a client may have: two of the largest frame, within the 1 MiB [R14] cap. */
export const SNAPSHOT_BYTES_IN_FLIGHT = 2 * SNAPSHOT_MAX_BYTES;
/** A ping follows every this many snapshots, and any snapshot that fills the window. */
export const ACK_EVERY = 3;

/**
 * Per-client snapshot flow control ([R14]): how many snapshots (and bytes) are unacknowledged, and which of them an
 * ack ping covers. A pong answers the oldest outstanding ping and acknowledges every snapshot sent before it. The
 * snapshot that fills the window always carries a ping, so a full window is always freed by a pong to come.
 */
export class SnapshotWindow {
  private count = 0;
  private bytes = 0;
  /** Snapshots and bytes sent since the last ping. */
  private unpingedCount = 0;
  private unpingedBytes = 0;
  /** What each outstanding ping covers, oldest first. */
  private readonly pings: Array<{ count: number; bytes: number }> = [];

  /** True when a snapshot of `size` bytes may go now. */
  fits(size: number): boolean {
    return this.count < SNAPSHOTS_IN_FLIGHT && this.bytes + size <= SNAPSHOT_BYTES_IN_FLIGHT;
  }

  /** Counts a snapshot sent; true when an ack ping must follow it. */
  sent(size: number): boolean {
    this.count++;
    this.bytes += size;
    this.unpingedCount++;
    this.unpingedBytes += size;
    const full = this.count >= SNAPSHOTS_IN_FLIGHT || this.bytes + SNAPSHOT_MAX_BYTES > SNAPSHOT_BYTES_IN_FLIGHT;
    if (this.unpingedCount < ACK_EVERY && !full) return false;
    this.pings.push({ count: this.unpingedCount, bytes: this.unpingedBytes });
    this.unpingedCount = 0;
    this.unpingedBytes = 0;
    return true;
  }

  /** A pong with the ack payload: the snapshots its ping covers arrived. False for a pong no ping asked for. */
  acked(): boolean {
    const covered = this.pings.shift();
    if (covered === undefined) return false;
    this.count -= covered.count;
    this.bytes -= covered.bytes;
    return true;
  }
}
