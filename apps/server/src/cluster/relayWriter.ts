import { STREAM_MAX_FRAMES } from './clusterConfig.js';
import { clusterKeys } from './keys.js';
import type { RedisClient } from './redisClient.js';
import { entryId, FIELD_BYTES, FIELD_END, FIELD_STREAM_ID } from './relayEntry.js';

/** A deleted session's relay keys stay this long after its end entry, for readers that were between two reads. */
export const DELETED_STREAM_TTL_MS = 60_000;

/** Why an append did not land: a newer owner has written (this one is fenced off), or Redis did not take it. */
export type AppendResult = { ok: true } | { ok: false; code: 'fenced' | 'unavailable'; message: string };

/**
 * The owner's side of a session's broadcast relay: sequenced frames go to the session's frames stream (trimmed to
 * about `maxFrames`, like the in-memory ring), snapshots to a stream trimmed to one entry (latest-wins). The bytes are
 * the frames exactly as framed for a socket; readers on other nodes send them on unchanged.
 * Appends may be issued without awaiting each: one connection keeps their order.
 */
export class RelayWriter {
  private readonly framesKey: string;
  private readonly snapshotKey: string;

  constructor(
    private readonly redis: RedisClient,
    sessionId: string,
    /** The stream id viewers see; a new owner brings a new one. */
    readonly streamId: string,
    /** The owner's fencing token: every entry id starts with it. */
    readonly token: number,
    private readonly maxFrames = STREAM_MAX_FRAMES,
  ) {
    this.framesKey = clusterKeys.frames(sessionId);
    this.snapshotKey = clusterKeys.snapshot(sessionId);
  }

  /** Appends frame `seq` (seqs rise by one per frame); refused as `fenced` once a newer owner has appended. */
  append(seq: number, bytes: Uint8Array): Promise<AppendResult> {
    const fields = { [FIELD_STREAM_ID]: this.streamId, [FIELD_BYTES]: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    const trim = { strategy: 'MAXLEN', strategyModifier: '~', threshold: this.maxFrames } as const;
    return settle(this.redis.xAdd(this.framesKey, entryId(this.token, seq), fields, { TRIM: trim }));
  }

  /**
   * Ends the stream of a deleted session after frame `lastSeq`: every node's reader closes its viewers of it, and the
   * keys expire after {@link DELETED_STREAM_TTL_MS}.
   */
  end(lastSeq: number): Promise<AppendResult> {
    const fields = { [FIELD_STREAM_ID]: this.streamId, [FIELD_BYTES]: Buffer.alloc(0), [FIELD_END]: 'deleted' };
    return settle(
      this.redis
        .multi()
        .xAdd(this.framesKey, entryId(this.token, lastSeq + 1), fields)
        .pExpire(this.framesKey, DELETED_STREAM_TTL_MS)
        .pExpire(this.snapshotKey, DELETED_STREAM_TTL_MS)
        .exec(),
    );
  }

  /** Replaces the session's latest snapshot. */
  putSnapshot(bytes: Uint8Array): Promise<AppendResult> {
    const fields = { [FIELD_STREAM_ID]: this.streamId, [FIELD_BYTES]: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    const trim = { strategy: 'MAXLEN', strategyModifier: '=', threshold: 1 } as const;
    return settle(this.redis.xAdd(this.snapshotKey, `${this.token}-*`, fields, { TRIM: trim }));
  }
}

async function settle(append: Promise<unknown>): Promise<AppendResult> {
  try {
    await append;
    return { ok: true };
  } catch (err) {
    const message = (err as Error).message;
    // Redis refuses an id not above the stream's newest: a newer token has appended since.
    if (message.includes('equal or smaller than the target stream top item')) return { ok: false, code: 'fenced', message };
    return { ok: false, code: 'unavailable', message };
  }
}
