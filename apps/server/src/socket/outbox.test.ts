import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Outbox } from './outbox.js';
import { ACK_EVERY, SNAPSHOTS_IN_FLIGHT, SnapshotWindow } from './snapshotWindow.js';
import { SNAPSHOT_ACK_PING, TickWire } from './tickWire.js';
import { OPCODE_TEXT, frame } from './wireFrame.js';

/** An Outbox over a real stream; each chunk read back is one `write` call (the stream is never corked). */
function outboxOnStream(): { outbox: Outbox; writes: () => Buffer[] } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { outbox: new Outbox(stream), writes: () => chunks.splice(0) };
}

const endsWithPing = (b: Buffer): boolean => b.subarray(b.byteLength - SNAPSHOT_ACK_PING.byteLength).equals(SNAPSHOT_ACK_PING);
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Outbox', () => {
  it('[R14] writes a tick — its frames and snapshot, and a ping every third snapshot — in one write', async () => {
    const { outbox, writes } = outboxOnStream();
    const metrics = frame(OPCODE_TEXT, Buffer.from('{"m":1}'));
    const sent: Buffer[] = [];
    for (let k = 0; k < ACK_EVERY; k++) {
      outbox.tick(new TickWire([metrics], Uint8Array.of(k, 1, 2)));
      await flush();
      sent.push(...writes());
    }
    expect(sent).toHaveLength(ACK_EVERY);
    expect(sent.map(endsWithPing)).toEqual([false, false, true]);
    expect(sent[0]!.subarray(0, metrics.byteLength).equals(metrics)).toBe(true);
  });

  it('[R14] with the window full sends a tick\'s frames alone and keeps only its latest snapshot until a pong', async () => {
    const { outbox, writes } = outboxOnStream();
    for (let k = 0; k < SNAPSHOTS_IN_FLIGHT; k++) outbox.tick(new TickWire([], Uint8Array.of(k)));
    await flush();
    const first = writes();
    expect(first).toHaveLength(SNAPSHOTS_IN_FLIGHT);
    expect(endsWithPing(first.at(-1)!)).toBe(true);
    const metrics = frame(OPCODE_TEXT, Buffer.from('{"m":2}'));
    outbox.tick(new TickWire([metrics], Uint8Array.of(100)));
    outbox.tick(new TickWire([], Uint8Array.of(101)));
    await flush();
    expect(writes()).toEqual([metrics]);
    outbox.acked();
    await flush();
    // The first pong covers the first ACK_EVERY snapshots: the latest waiting one goes, the older is skipped.
    const after = writes().map((b) => [...b.subarray(2, 3)]);
    expect(after[0]).toEqual([101]);
    expect(after).toHaveLength(1);
  });

  it('[R14] pings when big snapshots fill the byte window, and ignores a pong no ping asked for', () => {
    const window = new SnapshotWindow();
    expect(window.acked()).toBe(false);
    const big = 400 * 1024;
    expect(window.sent(big)).toBe(false);
    expect(window.sent(big)).toBe(true);
    expect(window.fits(big)).toBe(false);
    expect(window.fits(100)).toBe(true);
    expect(window.acked()).toBe(true);
    expect(window.fits(big)).toBe(true);
  });
});
