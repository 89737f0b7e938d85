import { OPCODE_BINARY, OPCODE_PING, frame } from './wireFrame.js';

/**
 * Payload of the ping that follows some snapshots ([R14]). Every client answers a ping in order (RFC 6455 §5.5.2),
 * so its pong proves the snapshots before it were received, not merely handed to the kernel, where stale frames
 * would queue.
 */
export const SNAPSHOT_ACK = Buffer.from('s');
export const SNAPSHOT_ACK_PING = frame(OPCODE_PING, SNAPSHOT_ACK);

/**
 * One tick of a session as wire bytes, built once for every viewer: the broadcast frames published during the tick
 * (metrics, already framed) and its snapshot. Each viewer gets one of three byte strings in a single write — the
 * frames alone, or followed by the snapshot, with or without an ack ping — each concatenated on first use only.
 */
export class TickWire {
  private readonly variants: Array<Buffer | undefined> = [];

  constructor(
    private readonly frames: readonly Buffer[],
    readonly snapshot: Uint8Array | null,
  ) {}

  /** True when the tick carries nothing but, perhaps, its snapshot. */
  get framesEmpty(): boolean {
    return this.frames.length === 0;
  }

  /** The tick's frames, then its snapshot when `snapshot` (followed by an ack ping when `ping`). */
  bytes(snapshot: boolean, ping: boolean): Buffer {
    const key = snapshot ? (ping ? 2 : 1) : 0;
    let wire = this.variants[key];
    if (wire === undefined) {
      const parts = [...this.frames];
      if (snapshot && this.snapshot !== null) parts.push(frame(OPCODE_BINARY, this.snapshot));
      if (snapshot && ping) parts.push(SNAPSHOT_ACK_PING);
      wire = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
      this.variants[key] = wire;
    }
    return wire;
  }
}
