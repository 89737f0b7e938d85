import { STREAM_BLOCK_MS, STREAM_READ_COUNT } from './clusterConfig.js';
import { clusterKeys } from './keys.js';
import { AS_BUFFERS, connectRedis, type RedisClient } from './redisClient.js';
import { decodeEntry, entryId, idAfter, type RelayEntry } from './relayEntry.js';
import { newestFrame, type ResyncReason } from './relayResume.js';

/** What a node's local side of a session (its sockets) is handed by the reader. */
export interface RelayListener {
  /** A sequenced frame: the same Buffer for every listener of this node. */
  frame(entry: RelayEntry): void;
  /** The latest snapshot; older ones superseded before this node read them are skipped (latest-wins). */
  snapshot(bytes: Buffer, streamId: string): void;
  /**
   * The frames that follow do not continue the ones before: resync from the store before trusting them. `streamId`
   * is the stream they are of, when known.
   */
  resync(reason: ResyncReason, streamId: string | null): void;
  /** The session was deleted: its stream ends here. */
  deleted(): void;
}

/** Where the stream stood when the listener subscribed: it receives every frame after this one. */
export interface Subscription {
  streamId: string | null;
  seq: number;
  unsubscribe(): void;
}

export interface RelayReaderOptions {
  /** Shown in CLIENT LIST. */
  nodeId: string;
  /** Answers the reader's non-blocking calls (newest frame, CLIENT UNBLOCK); may be shared with the node. */
  control: RedisClient;
  blockMs?: number;
  readCount?: number;
  onError?: (err: Error) => void;
}

interface Followed {
  sessionId: string;
  framesKey: string;
  snapshotKey: string;
  framesCursor: string;
  snapshotCursor: string;
  /** The last frame read, to spot a changed stream or frames trimmed before this node read them. */
  last: { streamId: string; seq: number } | null;
  latestSnapshot: { bytes: Buffer; streamId: string } | null;
  /** Each listener with the id of the newest frame when it subscribed. */
  listeners: Map<RelayListener, string>;
}

const RETRY_MS = 200;

/**
 * A node's one reader of the sessions its viewers watch: a blocking XREAD over all of their streams on a connection
 * of its own, handing each frame to the node's listeners once. Subscribing wakes the blocked read (CLIENT UNBLOCK).
 */
export class RelayReader {
  private readonly followed = new Map<string, Followed>();
  private readonly blockMs: number;
  private readonly readCount: number;
  private blockingId = 0;
  private reading = false;
  private closed = false;
  private wake: (() => void) | null = null;
  private readonly loop: Promise<void>;

  static async connect(url: string, options: RelayReaderOptions): Promise<RelayReader> {
    const blocking = await connectRedis(url, { name: `liveprop:${options.nodeId}:relay`, ...(options.onError ? { onError: options.onError } : {}) });
    return new RelayReader(blocking, options, await blocking.clientId());
  }

  private constructor(
    private readonly blocking: RedisClient,
    private readonly options: RelayReaderOptions,
    blockingId: number,
  ) {
    this.blockMs = options.blockMs ?? STREAM_BLOCK_MS;
    this.readCount = options.readCount ?? STREAM_READ_COUNT;
    this.blockingId = blockingId;
    this.loop = this.run();
  }

  /** Follows `sessionId` for `listener` from the stream's newest frame on. Throws when Redis does not answer. */
  async subscribe(sessionId: string, listener: RelayListener): Promise<Subscription> {
    const newest = await newestFrame(this.options.control, sessionId);
    const fromId = newest === null ? '0-0' : entryId(newest.token, newest.seq);
    let followed = this.followed.get(sessionId);
    if (followed === undefined) {
      followed = {
        sessionId,
        framesKey: clusterKeys.frames(sessionId),
        snapshotKey: clusterKeys.snapshot(sessionId),
        framesCursor: fromId,
        snapshotCursor: '0-0',
        last: positionOf(newest),
        latestSnapshot: null,
        listeners: new Map(),
      };
      this.followed.set(sessionId, followed);
      this.interrupt();
    }
    followed.listeners.set(listener, fromId);
    if (followed.latestSnapshot !== null) listener.snapshot(followed.latestSnapshot.bytes, followed.latestSnapshot.streamId);
    return {
      streamId: newest?.streamId ?? null,
      seq: newest?.seq ?? 0,
      unsubscribe: () => {
        followed.listeners.delete(listener);
        if (followed.listeners.size > 0 || this.followed.get(sessionId) !== followed) return;
        this.followed.delete(sessionId);
        this.interrupt();
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    this.blocking.destroy();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failed = false;
    while (!this.closed) {
      if (this.followed.size === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        continue;
      }
      try {
        if (failed) await this.recover();
        failed = false;
        await this.readOnce();
      } catch (err) {
        if (this.closed) return;
        failed = true;
        this.options.onError?.(err as Error);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  private async readOnce(): Promise<void> {
    const byKey = new Map<string, [Followed, 'frames' | 'snapshot']>();
    const streams: { key: string; id: string }[] = [];
    for (const f of this.followed.values()) {
      byKey.set(f.framesKey, [f, 'frames']).set(f.snapshotKey, [f, 'snapshot']);
      streams.push({ key: f.framesKey, id: f.framesCursor }, { key: f.snapshotKey, id: f.snapshotCursor });
    }
    this.reading = true;
    let reply;
    try {
      reply = await this.blocking.withTypeMapping(AS_BUFFERS).xRead(streams, { BLOCK: this.blockMs, COUNT: this.readCount });
    } finally {
      this.reading = false;
    }
    for (const { name, messages } of reply ?? []) {
      const [followed, kind] = byKey.get(String(name)) ?? [];
      if (followed === undefined || this.followed.get(followed.sessionId) !== followed) continue;
      for (const raw of messages) {
        const id = String(raw.id);
        if (kind === 'frames') followed.framesCursor = id;
        else followed.snapshotCursor = id;
        try {
          const entry = decodeEntry(raw);
          if (kind === 'frames') this.handOnFrame(followed, id, entry);
          else this.handOnSnapshot(followed, entry);
        } catch (err) {
          this.options.onError?.(err as Error);
        }
      }
    }
  }

  private handOnFrame(f: Followed, id: string, entry: RelayEntry): void {
    if (entry.end === 'deleted') {
      for (const [listener, fromId] of f.listeners) if (idAfter(id, fromId)) this.tell(() => listener.deleted());
      return;
    }
    const reason: ResyncReason | null =
      f.last === null ? null : entry.streamId !== f.last.streamId ? 'stream-changed' : entry.seq !== f.last.seq + 1 ? 'trimmed' : null;
    f.last = { streamId: entry.streamId, seq: entry.seq };
    for (const [listener, fromId] of f.listeners) {
      if (!idAfter(id, fromId)) continue;
      if (reason !== null) this.tell(() => listener.resync(reason, entry.streamId));
      this.tell(() => listener.frame(entry));
    }
  }

  private handOnSnapshot(f: Followed, entry: RelayEntry): void {
    f.latestSnapshot = { bytes: entry.bytes, streamId: entry.streamId };
    for (const listener of f.listeners.keys()) this.tell(() => listener.snapshot(entry.bytes, entry.streamId));
  }

  /** A listener that throws must not stop the others or the reader. */
  private tell(call: () => void): void {
    try {
      call();
    } catch (err) {
      this.options.onError?.(err as Error);
    }
  }

  /**
   * After Redis was away: it may have come back empty (no persistence), so a cursor beyond a stream's newest frame
   * would wait for ids that never come. Such a session restarts from its newest frame with a resync.
   */
  private async recover(): Promise<void> {
    this.blockingId = await this.blocking.clientId();
    for (const [sessionId, f] of this.followed) {
      const newest = await newestFrame(this.options.control, sessionId);
      const newestId = newest === null ? '0-0' : entryId(newest.token, newest.seq);
      if (!idAfter(f.framesCursor, newestId)) continue;
      f.framesCursor = newestId;
      f.snapshotCursor = '0-0';
      f.last = positionOf(newest);
      for (const [listener] of f.listeners) {
        f.listeners.set(listener, newestId);
        this.tell(() => listener.resync('stream-changed', newest?.streamId ?? null));
      }
    }
  }

  /** Makes a blocked XREAD return now, so the next one covers the sessions followed since it started. */
  private interrupt(): void {
    this.wake?.();
    if (this.reading) this.options.control.clientUnblock(this.blockingId).catch((err: Error) => this.options.onError?.(err));
  }
}

function positionOf(entry: RelayEntry | null): Followed['last'] {
  return entry === null ? null : { streamId: entry.streamId, seq: entry.seq };
}
