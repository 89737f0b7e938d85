import type { Duplex } from 'node:stream';
import { SnapshotWindow } from './snapshotWindow.js';
import { SNAPSHOT_ACK_PING, type TickWire } from './tickWire.js';
import { OPCODE_BINARY, broadcastWire } from './wireFrame.js';

/**
 * Broadcast frames a connection writes straight to its TCP socket, bypassing `ws`'s sender: framed once for every
 * viewer ([R4], [R11]), a tick in one write, with per-client snapshot flow control ([R14]). `ws` writes
 * synchronously to the same socket, so frames sent either way keep their order.
 */
export class Outbox {
  private readonly window = new SnapshotWindow();
  private pendingSnapshot: Uint8Array | null = null;

  constructor(private readonly socket: Duplex) {}

  /** A broadcast frame, already framed. */
  write(wire: Buffer): void {
    this.socket.write(wire);
  }

  /** A tick's frames and, when the window allows, its snapshot (else kept as the latest to send), in one write. */
  tick(tick: TickWire): void {
    const snapshot = tick.snapshot;
    if (snapshot !== null && this.window.fits(snapshot.byteLength)) {
      this.socket.write(tick.bytes(true, this.window.sent(snapshot.byteLength)));
      return;
    }
    if (snapshot !== null) this.pendingSnapshot = snapshot;
    if (!tick.framesEmpty) this.socket.write(tick.bytes(false, false));
  }

  /** Sends a snapshot (with an ack ping when due), or keeps it as the latest to send once the window frees. */
  snapshot(payload: Uint8Array): void {
    if (!this.window.fits(payload.byteLength)) {
      this.pendingSnapshot = payload;
      return;
    }
    const ping = this.window.sent(payload.byteLength);
    this.socket.write(broadcastWire(payload, OPCODE_BINARY));
    if (ping) this.socket.write(SNAPSHOT_ACK_PING);
  }

  /** A pong with the ack payload: the snapshots its ping covers arrived, so the latest waiting one may go. */
  acked(): void {
    if (!this.window.acked()) return;
    const next = this.pendingSnapshot;
    this.pendingSnapshot = null;
    if (next !== null) this.snapshot(next);
  }

  /** Forgets the waiting snapshot (the connection is gone). */
  discard(): void {
    this.pendingSnapshot = null;
  }
}
