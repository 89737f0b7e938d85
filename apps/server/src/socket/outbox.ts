import type { Duplex } from 'node:stream';
import { OPCODE_BINARY, OPCODE_PING, OPCODE_TEXT, broadcastWire, frame } from './wireFrame.js';

/** Snapshots a client may have unacknowledged at once; the rest wait in one latest-wins slot ([R14]). */
export const SNAPSHOTS_IN_FLIGHT = 2;

/**
 * Payload of the ping sent after each snapshot. Every client answers a ping in order (RFC 6455 §5.5.2), so its pong
 * proves the snapshot before it was received, not merely handed to the kernel, where stale frames would queue.
 */
export const SNAPSHOT_ACK = Buffer.from('s');
const SNAPSHOT_ACK_PING = frame(OPCODE_PING, SNAPSHOT_ACK);

/**
 * Broadcast frames a connection writes straight to its TCP socket, bypassing `ws`'s sender: framed once for every
 * viewer ([R4], [R11]), with per-client snapshot flow control ([R14]). `ws` writes synchronously to the same socket,
 * so frames sent either way keep their order.
 */
export class Outbox {
  private snapshotsInFlight = 0;
  private pendingSnapshot: Uint8Array | null = null;

  constructor(private readonly socket: Duplex) {}

  text(payload: Uint8Array): void {
    this.socket.write(broadcastWire(payload, OPCODE_TEXT));
  }

  /** Sends a snapshot followed by its ack ping, or keeps it as the latest to send once an earlier one is acked. */
  snapshot(payload: Uint8Array): void {
    if (this.snapshotsInFlight >= SNAPSHOTS_IN_FLIGHT) {
      this.pendingSnapshot = payload;
      return;
    }
    this.snapshotsInFlight++;
    this.socket.write(broadcastWire(payload, OPCODE_BINARY, SNAPSHOT_ACK_PING));
  }

  /** A pong with {@link SNAPSHOT_ACK}: one snapshot arrived, so the latest waiting one may go. */
  acked(): void {
    if (this.snapshotsInFlight === 0) return;
    this.snapshotsInFlight--;
    const next = this.pendingSnapshot;
    this.pendingSnapshot = null;
    if (next !== null) this.snapshot(next);
  }

  /** Forgets the waiting snapshot (the connection is gone). */
  discard(): void {
    this.pendingSnapshot = null;
  }
}
