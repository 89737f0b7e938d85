import type { Duplex } from 'node:stream';
import { OPCODE_BINARY, OPCODE_PING, OPCODE_TEXT, broadcastWire, frame } from './wireFrame.js';

/** Snapshots a client may have unacknowledged at once; the rest wait in one latest-wins slot ([R14]). */
export const SNAPSHOTS_IN_FLIGHT = 2;

/**
 * Longest a broadcast text frame waits for a client's snapshot slot to free up, so that it shares that snapshot's
 * write instead of costing a write of its own. Every write to a crowd is one syscall per viewer; at a thousand
 * viewers they are most of the main thread's time.
 */
export const TEXT_HOLD_MS = 100;

/**
 * Payload of the ping sent after each snapshot. Every client answers a ping in order (RFC 6455 §5.5.2), so its pong
 * proves the snapshot before it was received, not merely handed to the kernel, where stale frames would queue.
 */
export const SNAPSHOT_ACK = Buffer.from('s');
const SNAPSHOT_ACK_PING = frame(OPCODE_PING, SNAPSHOT_ACK);

/**
 * What a connection writes straight to its TCP socket, bypassing `ws`'s sender: broadcast frames framed once for all
 * ([R4], [R11]), with per-client snapshot flow control ([R14]). Frames keep their order: anything else written to
 * the socket (through `ws`) must call {@link Outbox.release} first.
 */
export class Outbox {
  private snapshotsInFlight = 0;
  private pendingSnapshot: Uint8Array | null = null;
  private held: Buffer[] = [];
  private heldTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bytes held back here, not yet handed to the socket. */
  heldBytes = 0;

  constructor(private readonly socket: Duplex) {}

  /** Sends a broadcast text frame now, or holds it briefly while the snapshot slot is full (see {@link TEXT_HOLD_MS}). */
  text(payload: Uint8Array): void {
    const wire = broadcastWire(payload, OPCODE_TEXT);
    if (this.held.length === 0 && this.snapshotsInFlight < SNAPSHOTS_IN_FLIGHT) {
      this.socket.write(wire);
      return;
    }
    this.held.push(wire);
    this.heldBytes += wire.byteLength;
    this.heldTimer ??= setTimeout(() => {
      this.heldTimer = null;
      this.corked(() => this.release());
    }, TEXT_HOLD_MS);
  }

  /** Sends a snapshot followed by its ack ping, or keeps it as the latest to send once an earlier one is acked. */
  snapshot(payload: Uint8Array): void {
    if (this.snapshotsInFlight >= SNAPSHOTS_IN_FLIGHT) {
      this.pendingSnapshot = payload;
      return;
    }
    this.release();
    this.snapshotsInFlight++;
    this.socket.write(broadcastWire(payload, OPCODE_BINARY, SNAPSHOT_ACK_PING));
  }

  /** A pong with {@link SNAPSHOT_ACK}: one snapshot arrived; what waited for it leaves in one write. */
  acked(): void {
    if (this.snapshotsInFlight === 0) return;
    this.snapshotsInFlight--;
    const next = this.pendingSnapshot;
    this.pendingSnapshot = null;
    this.corked(() => (next === null ? this.release() : this.snapshot(next)));
  }

  /** Writes every held frame, in order. */
  release(): void {
    if (this.heldTimer !== null) clearTimeout(this.heldTimer);
    this.heldTimer = null;
    if (this.held.length === 0) return;
    for (const wire of this.held) this.socket.write(wire);
    this.held = [];
    this.heldBytes = 0;
  }

  /** Forgets everything not yet written (the connection is gone). */
  discard(): void {
    if (this.heldTimer !== null) clearTimeout(this.heldTimer);
    this.heldTimer = null;
    this.held = [];
    this.heldBytes = 0;
    this.pendingSnapshot = null;
  }

  private corked(write: () => void): void {
    this.socket.cork();
    try {
      write();
    } finally {
      this.socket.uncork();
    }
  }
}
