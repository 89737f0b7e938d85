import { clusterKeys } from './keys.js';
import { AS_BUFFERS, type RedisClient } from './redisClient.js';
import { decodeEntry, entryId, type RelayEntry } from './relayEntry.js';

/** Why frames after a viewer's `lastSeq` cannot be replayed: another stream now (failover), or they were trimmed. */
export type ResyncReason = 'stream-changed' | 'trimmed';

export type MissedFrames = { kind: 'frames'; frames: RelayEntry[] } | { kind: 'resync'; reason: ResyncReason };

/** The session's newest frame, or null when its stream is empty. */
export async function newestFrame(redis: RedisClient, sessionId: string): Promise<RelayEntry | null> {
  const [raw] = (await redis.withTypeMapping(AS_BUFFERS).xRevRange(clusterKeys.frames(sessionId), '+', '-', { COUNT: 1 })) ?? [];
  return raw === undefined ? null : decodeEntry(raw);
}

/**
 * The frames after `lastSeq` of stream `streamId`, as the owner appended them, up to the newest at the time of the
 * call: exactly the ones a viewer who saw `lastSeq` missed, or a resync when they are not all there ([R4] across nodes).
 */
export async function readMissed(redis: RedisClient, sessionId: string, streamId: string, lastSeq: number): Promise<MissedFrames> {
  const newest = await newestFrame(redis, sessionId);
  if (newest === null || newest.streamId !== streamId || lastSeq > newest.seq) return { kind: 'resync', reason: 'stream-changed' };
  if (lastSeq === newest.seq) return { kind: 'frames', frames: [] };
  const count = newest.seq - lastSeq;
  const after = `(${entryId(newest.token, lastSeq)}`;
  const raw = await redis.withTypeMapping(AS_BUFFERS).xRange(clusterKeys.frames(sessionId), after, entryId(newest.token, newest.seq), { COUNT: count });
  const frames = (raw ?? []).map(decodeEntry);
  if (frames.length !== count || frames[0]?.seq !== lastSeq + 1) return { kind: 'resync', reason: 'trimmed' };
  return { kind: 'frames', frames };
}
