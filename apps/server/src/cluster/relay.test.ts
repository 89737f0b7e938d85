import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRedis, type RedisHarness } from '../testing/redisHarness.js';
import { clusterKeys } from './keys.js';
import { connectRedis, type RedisClient } from './redisClient.js';
import type { RelayEntry } from './relayEntry.js';
import { RelayReader, type RelayListener } from './relayReader.js';
import { newestFrame, readMissed, type ResyncReason } from './relayResume.js';
import { DELETED_STREAM_TTL_MS, RelayWriter } from './relayWriter.js';

/** Frame `seq`'s bytes: every byte value (not valid UTF-8), so any re-encoding on the way would show. */
function frameBytes(seq: number, size = 300): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (seq * 7 + i) & 255;
  return bytes;
}

function collect() {
  const frames: RelayEntry[] = [];
  const snapshots: Buffer[] = [];
  const resyncs: ResyncReason[] = [];
  let deleted = 0;
  const listener: RelayListener = {
    frame: (entry) => frames.push(entry),
    snapshot: (bytes) => snapshots.push(bytes),
    resync: (reason) => resyncs.push(reason),
    deleted: () => deleted++,
  };
  return { frames, snapshots, resyncs, listener, deleted: () => deleted };
}

const until = (check: () => void | Promise<void>) => vi.waitFor(check, { timeout: 10_000, interval: 20 });
const seqs = (frames: RelayEntry[]) => frames.map((f) => f.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function appendAll(writer: RelayWriter, from: number, to: number, size?: number): Promise<void> {
  const results = await Promise.all(range(from, to).map((seq) => writer.append(seq, frameBytes(seq, size))));
  expect(results.filter((r) => !r.ok)).toEqual([]);
}

describe('broadcast relay', () => {
  let redis: RedisHarness;
  let owner: RedisClient;
  let controlB: RedisClient;
  let controlC: RedisClient;
  let readerB: RelayReader;
  let readerC: RelayReader;
  let session = 0;
  const nextSession = (): string => `r${++session}`;
  const errors: Error[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    owner = await connectRedis(redis.url, { name: 'owner' });
    // Small stream nodes, so `MAXLEN ~` trims at small lengths too.
    await owner.configSet('stream-node-max-entries', '10');
    controlB = await connectRedis(redis.url, { name: 'node-b' });
    controlC = await connectRedis(redis.url, { name: 'node-c' });
    readerB = await RelayReader.connect(redis.url, { nodeId: 'node-b', control: controlB, onError: (e) => errors.push(e) });
    readerC = await RelayReader.connect(redis.url, { nodeId: 'node-c', control: controlC, onError: (e) => errors.push(e) });
  });
  afterAll(async () => {
    await readerB.close();
    await readerC.close();
    for (const client of [owner, controlB, controlC]) client.destroy();
    await redis.close();
  });

  it('[R21] a deleted session\'s stream ends after its last frame: every reader is told once, and its keys expire', async () => {
    const id = nextSession();
    const writer = new RelayWriter(owner, id, 'stream-d', 3);
    const [b, c] = [collect(), collect()];
    await readerB.subscribe(id, b.listener);
    await readerC.subscribe(id, c.listener);
    await appendAll(writer, 1, 5);
    await writer.putSnapshot(frameBytes(0));
    expect(await writer.end(5)).toEqual({ ok: true });
    for (const got of [b, c]) {
      await until(() => expect(got.deleted()).toBe(1));
      expect(seqs(got.frames)).toEqual(range(1, 5));
      expect(got.resyncs).toEqual([]);
    }
    for (const key of [clusterKeys.frames(id), clusterKeys.snapshot(id)]) {
      const ttl = await owner.pTTL(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(DELETED_STREAM_TTL_MS);
    }
  });

  it('frames arrive in order on two reader nodes, with the bytes the owner appended', async () => {
    const id = nextSession();
    const writer = new RelayWriter(owner, id, 'stream-a', 1);
    const [b, c] = [collect(), collect()];
    await readerB.subscribe(id, b.listener);
    await readerC.subscribe(id, c.listener);
    await appendAll(writer, 1, 500);
    await until(() => expect(b.frames).toHaveLength(500));
    await until(() => expect(c.frames).toHaveLength(500));
    for (const got of [b, c]) {
      expect(seqs(got.frames)).toEqual(range(1, 500));
      got.frames.forEach((f) => expect(f.bytes.equals(frameBytes(f.seq))).toBe(true));
      expect(got.frames.every((f) => f.streamId === 'stream-a')).toBe(true);
      expect(got.resyncs).toEqual([]);
    }
  });

  it('a node reads each frame once: its listeners get the same Buffer, each from where it subscribed', async () => {
    const id = nextSession();
    const writer = new RelayWriter(owner, id, 'stream-a', 1);
    const [early, late] = [collect(), collect()];
    expect(await readerB.subscribe(id, early.listener)).toMatchObject({ streamId: null, seq: 0 });
    await appendAll(writer, 1, 100);
    expect(await readerB.subscribe(id, late.listener)).toMatchObject({ streamId: 'stream-a', seq: 100 });
    await appendAll(writer, 101, 200);
    await until(() => expect(early.frames).toHaveLength(200));
    await until(() => expect(late.frames).toHaveLength(100));
    expect(seqs(late.frames)).toEqual(range(101, 200));
    late.frames.forEach((f, i) => expect(f.bytes).toBe(early.frames[100 + i]!.bytes));
  });

  it('resume from lastSeq answers exactly the missed frames; trimmed or from another stream answers resync', async () => {
    const id = nextSession();
    const writer = new RelayWriter(owner, id, 'stream-a', 1, 50);
    await appendAll(writer, 1, 200);
    const [oldest] = (await owner.xRange(clusterKeys.frames(id), '-', '+', { COUNT: 1 })) ?? [];
    const oldestSeq = Number(oldest!.id.split('-')[1]);
    expect(oldestSeq).toBeGreaterThan(1);

    const missed = await readMissed(owner, id, 'stream-a', 195);
    expect(missed.kind === 'frames' && seqs(missed.frames)).toEqual([196, 197, 198, 199, 200]);
    if (missed.kind === 'frames') missed.frames.forEach((f) => expect(f.bytes.equals(frameBytes(f.seq))).toBe(true));
    expect(await readMissed(owner, id, 'stream-a', 200)).toEqual({ kind: 'frames', frames: [] });
    const allHeld = await readMissed(owner, id, 'stream-a', oldestSeq - 1);
    expect(allHeld.kind === 'frames' && seqs(allHeld.frames)).toEqual(range(oldestSeq, 200));
    expect(await readMissed(owner, id, 'stream-a', oldestSeq - 2)).toEqual({ kind: 'resync', reason: 'trimmed' });
    expect(await readMissed(owner, id, 'stream-old', 195)).toEqual({ kind: 'resync', reason: 'stream-changed' });
    expect(await readMissed(owner, id, 'stream-a', 201)).toEqual({ kind: 'resync', reason: 'stream-changed' });
    expect(await readMissed(owner, nextSession(), 'stream-a', 3)).toEqual({ kind: 'resync', reason: 'stream-changed' });
  });

  it('snapshots are latest-wins: one is kept, a reader never goes back to an older one, a late listener gets the newest', async () => {
    const id = nextSession();
    const writer = new RelayWriter(owner, id, 'stream-a', 1);
    const first = collect();
    await readerB.subscribe(id, first.listener);
    const results = await Promise.all(range(1, 30).map((n) => writer.putSnapshot(frameBytes(n, 2_000))));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await owner.xLen(clusterKeys.snapshot(id))).toBe(1);
    await until(() => expect(first.snapshots.at(-1)?.equals(frameBytes(30, 2_000))).toBe(true));
    const order = first.snapshots.map((bytes) => range(1, 30).find((n) => bytes.equals(frameBytes(n, 2_000))));
    expect(order).toEqual([...order].sort((x, y) => x! - y!));
    const late = collect();
    await readerB.subscribe(id, late.listener);
    expect(late.snapshots).toHaveLength(1);
    expect(late.snapshots[0]!.equals(frameBytes(30, 2_000))).toBe(true);
  });

  it('failover: the new owner’s stream makes readers resync and follow it; the old owner’s appends are fenced', async () => {
    const id = nextSession();
    const old = new RelayWriter(owner, id, 'stream-a', 1);
    const b = collect();
    await readerB.subscribe(id, b.listener);
    await appendAll(old, 1, 10);
    // The new owner resumes from its checkpoint, whose seq may be below the old owner's last frame.
    const next = new RelayWriter(owner, id, 'stream-b', 2);
    await appendAll(next, 8, 12);
    expect(await old.append(11, frameBytes(11))).toMatchObject({ ok: false, code: 'fenced' });
    expect(await old.putSnapshot(frameBytes(0))).toMatchObject({ ok: true });
    expect(await next.putSnapshot(frameBytes(1))).toMatchObject({ ok: true });
    expect(await old.putSnapshot(frameBytes(2))).toMatchObject({ ok: false, code: 'fenced' });
    await until(() => expect(b.frames).toHaveLength(15));
    expect(b.frames.map((f) => `${f.streamId}:${f.seq}`)).toEqual([
      ...range(1, 10).map((s) => `stream-a:${s}`),
      ...range(8, 12).map((s) => `stream-b:${s}`),
    ]);
    expect(b.resyncs).toEqual(['stream-changed']);
    expect(await readMissed(owner, id, 'stream-a', 10)).toEqual({ kind: 'resync', reason: 'stream-changed' });
  });

  it('a reader that falls behind the trim reports the gap as a resync, then follows on', async () => {
    const id = nextSession();
    const slow = await RelayReader.connect(redis.url, { nodeId: 'slow', control: controlB, readCount: 1 });
    try {
      const writer = new RelayWriter(owner, id, 'stream-a', 1, 20);
      const got = collect();
      await slow.subscribe(id, got.listener);
      await appendAll(writer, 1, 300);
      await until(() => expect(got.frames.at(-1)?.seq).toBe(300));
      expect(got.resyncs).toContain('trimmed');
      expect(got.frames.length).toBeLessThan(300);
      expect(seqs(got.frames)).toEqual([...seqs(got.frames)].sort((x, y) => x - y));
    } finally {
      await slow.close();
    }
  });

  it('memory stays bounded: the frames stream holds about maxFrames, however many are appended', async () => {
    const id = nextSession();
    const maxFrames = 100;
    const writer = new RelayWriter(owner, id, 'stream-a', 1, maxFrames);
    for (let from = 1; from <= 2_000; from += 500) await appendAll(writer, from, from + 499, 1_024);
    const length = await owner.xLen(clusterKeys.frames(id));
    expect(length).toBeGreaterThanOrEqual(maxFrames);
    expect(length).toBeLessThanOrEqual(maxFrames + 10); // `~` trims whole stream nodes (10 entries here)
    const bytes = await owner.memoryUsage(clusterKeys.frames(id));
    expect(bytes).toBeLessThan((maxFrames + 10) * 1_024 * 1.5);
  });

  it('Redis restarting empty: the reader keeps going, resyncs, and delivers the next owner’s frames', async () => {
    const id = nextSession();
    const b = collect();
    await readerB.subscribe(id, b.listener);
    await appendAll(new RelayWriter(owner, id, 'stream-a', 5), 1, 5);
    await until(() => expect(b.frames).toHaveLength(5));
    await redis.restart();
    // Redis lost the fencing counter too: without the store's floor the next owner's token could be lower.
    const next = new RelayWriter(owner, id, 'stream-c', 3);
    await until(async () => expect(await next.append(1, frameBytes(1))).toEqual({ ok: true }));
    await until(() => expect(b.resyncs).toEqual(['stream-changed']));
    await appendAll(next, 2, 4);
    // Frame 1 may have landed before the reader came back (then the resync covers it) or after.
    await until(() => expect([[1, 2, 3, 4], [2, 3, 4]]).toContainEqual(seqs(b.frames.slice(5))));
    expect(b.frames.slice(5).every((f) => f.streamId === 'stream-c')).toBe(true);
    expect((await newestFrame(owner, id))?.streamId).toBe('stream-c');
  });

  it('a session subscribed while the reader is blocked is read at once, not after the block time', async () => {
    const blockMs = 4_000;
    const reader = await RelayReader.connect(redis.url, { nodeId: 'patient', control: controlB, blockMs });
    try {
      const [first, second] = [nextSession(), nextSession()];
      await reader.subscribe(first, collect().listener);
      await new Promise((resolve) => setTimeout(resolve, 200)); // the reader is now blocked on `first` alone
      const got = collect();
      await reader.subscribe(second, got.listener);
      await appendAll(new RelayWriter(owner, second, 'stream-a', 1), 1, 1);
      await vi.waitFor(() => expect(got.frames).toHaveLength(1), { timeout: blockMs / 2, interval: 20 });
    } finally {
      await reader.close();
    }
  });

  it('nothing went wrong on the way but Redis going away (no undecodable entry, no listener failure)', () => {
    const connectionLoss = /^(SocketClosedUnexpectedlyError|ClientOfflineError|SocketTimeoutError)$/;
    const socketCodes = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'];
    const other = errors.filter((e) => !connectionLoss.test(e.constructor.name) && !socketCodes.includes(String((e as NodeJS.ErrnoException).code)));
    expect(other.map((e) => `${e.constructor.name}: ${e.message}`)).toEqual([]);
  });
});
