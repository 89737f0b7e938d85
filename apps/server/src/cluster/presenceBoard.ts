import { PRESENCE_LIMIT, type Viewer } from '@liveprop/protocol';
import { PRESENCE_HEARTBEAT_MS, PRESENCE_TTL_MS } from './clusterConfig.js';
import { clusterKeys } from './keys.js';
import type { RedisClient } from './redisClient.js';

/** Who watches a session through one node, or through all of them once merged. */
export interface SessionPresence {
  /** Every participant, listed or not. */
  count: number;
  /** At most {@link PRESENCE_LIMIT}: editors first, as each node ordered them. */
  viewers: Viewer[];
}

export interface PresenceTimings {
  ttlMs: number;
  heartbeatMs: number;
}

/**
 * This node's part of every session's presence, kept in Redis: a hash per session with one field per node, and a
 * heartbeat key per node that lives `ttlMs`. A node that dies stops its heartbeat, and its participants drop out of
 * every merged view within `ttlMs` of its last one (Redis 7.0 has no per-field expiry, so reads check the heartbeats).
 */
export class PresenceBoard {
  /**
   * This node's entry of each session it has participants in: the heartbeat writes them again (a Redis that came back
   * empty has them again within one beat) and keeps their hashes alive.
   */
  private readonly published = new Map<string, string>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly aliveKey: string;
  /** What the heartbeat key holds: the node's HTTP address once known, for requests other nodes hand on to it. */
  private address = '1';

  constructor(
    private readonly redis: RedisClient,
    readonly nodeId: string,
    private readonly timings: PresenceTimings = { ttlMs: PRESENCE_TTL_MS, heartbeatMs: PRESENCE_HEARTBEAT_MS },
    private readonly onError: (err: Error) => void = () => {},
  ) {
    this.aliveKey = clusterKeys.nodeAlive(nodeId);
  }

  /** Announces the node alive now and every `heartbeatMs`. */
  async start(): Promise<void> {
    await this.heartbeat();
    this.timer = setInterval(() => void this.heartbeat().catch(this.onError), this.timings.heartbeatMs);
  }

  /** Sets the HTTP address other nodes reach this one at, kept in its heartbeat key. */
  async advertise(address: string): Promise<void> {
    this.address = address;
    await this.heartbeat();
  }

  /** The HTTP address of live node `nodeId`, or null when it is gone or has not said yet. */
  async addressOf(nodeId: string): Promise<string | null> {
    const value = await this.redis.get(clusterKeys.nodeAlive(nodeId));
    return value === null || value === '1' ? null : value;
  }

  /** Replaces this node's participants of `sessionId`; none withdraws the node from the session. */
  async publish(sessionId: string, presence: SessionPresence): Promise<void> {
    const key = clusterKeys.presence(sessionId);
    if (presence.count === 0) {
      this.published.delete(sessionId);
      await this.redis.hDel(key, this.nodeId);
      return;
    }
    const json = JSON.stringify(presence);
    this.published.set(sessionId, json);
    await this.redis.multi().hSet(key, this.nodeId, json).pExpire(key, this.timings.ttlMs).exec();
  }

  /**
   * Every live node's participants of `sessionId` but `exceptNode`'s, merged; entries of dead nodes are dropped (and
   * deleted).
   */
  async read(sessionId: string, exceptNode?: string): Promise<SessionPresence & { nodes: string[] }> {
    const [live] = await this.liveEntries([sessionId], exceptNode);
    return { ...mergePresence(live!.map(([, p]) => p)), nodes: live!.map(([nodeId]) => nodeId) };
  }

  /** How many participants each of `sessionIds` has on all live nodes (a lobby page's): two round trips for any number. */
  async counts(sessionIds: readonly string[]): Promise<Map<string, number>> {
    const entries = await this.liveEntries(sessionIds);
    return new Map(sessionIds.map((id, i) => [id, entries[i]!.reduce((sum, [, p]) => sum + p.count, 0)]));
  }

  /**
   * Each session's entries of live nodes but `exceptNode`, by node id; entries of dead nodes (or that are not a
   * presence) are deleted. Two round trips: the hashes (sent in one tick, node-redis pipelines them), then one `MGET` of
   * the heartbeats of every node they name.
   */
  private async liveEntries(sessionIds: readonly string[], exceptNode?: string): Promise<[string, SessionPresence][][]> {
    const hashes = await Promise.all(sessionIds.map((id) => this.redis.hGetAll(clusterKeys.presence(id))));
    const entries = hashes.map((hash) => Object.entries(hash).filter(([nodeId]) => nodeId !== exceptNode).sort(([a], [b]) => a.localeCompare(b)));
    const nodeIds = [...new Set(entries.flatMap((e) => e.map(([nodeId]) => nodeId)))];
    if (nodeIds.length === 0) return entries.map(() => []);
    const alive = await this.redis.mGet(nodeIds.map((nodeId) => clusterKeys.nodeAlive(nodeId)));
    const living = new Set(nodeIds.filter((_, i) => alive[i] !== null));
    const drops = this.redis.multi();
    let dropping = false;
    const live = entries.map((sessionEntries, i) => {
      const kept: [string, SessionPresence][] = [];
      const dead: string[] = [];
      for (const [nodeId, json] of sessionEntries) {
        const presence = living.has(nodeId) ? parsePresence(json) : null;
        if (presence === null) dead.push(nodeId);
        else kept.push([nodeId, presence]);
      }
      if (dead.length > 0) {
        drops.hDel(clusterKeys.presence(sessionIds[i]!), dead);
        dropping = true;
      }
      return kept;
    });
    if (dropping) await drops.execAsPipeline();
    return live;
  }

  /** Stops the heartbeat and withdraws this node at once (a clean shutdown; a crash waits out `ttlMs`). */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    const multi = this.redis.multi().del(this.aliveKey);
    for (const sessionId of this.published.keys()) multi.hDel(clusterKeys.presence(sessionId), this.nodeId);
    this.published.clear();
    await multi.exec();
  }

  private async heartbeat(): Promise<void> {
    const multi = this.redis.multi().set(this.aliveKey, this.address, { PX: this.timings.ttlMs });
    for (const [sessionId, json] of this.published) {
      const key = clusterKeys.presence(sessionId);
      multi.hSet(key, this.nodeId, json).pExpire(key, this.timings.ttlMs);
    }
    await multi.exec();
  }
}

/** Sums the counts; lists every node's editors, then the rest, up to {@link PRESENCE_LIMIT}. */
export function mergePresence(parts: readonly SessionPresence[]): SessionPresence {
  const listed = parts.flatMap((p) => p.viewers);
  const viewers = listed.filter((v) => v.role === 'editor').concat(listed.filter((v) => v.role !== 'editor'));
  return { count: parts.reduce((sum, p) => sum + p.count, 0), viewers: viewers.slice(0, PRESENCE_LIMIT) };
}

/** A node's entry, or null when it is not one (a node of another version, a hand edit): it is then dropped. */
function parsePresence(json: string): SessionPresence | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const p = value as Partial<SessionPresence> | null;
  if (p === null || typeof p !== 'object' || !Number.isSafeInteger(p.count) || !Array.isArray(p.viewers)) return null;
  return p.viewers.every(isViewer) ? { count: p.count!, viewers: p.viewers } : null;
}

function isViewer(v: unknown): v is Viewer {
  const x = v as Record<string, unknown> | null;
  return x !== null && typeof x === 'object' && typeof x['id'] === 'string' && typeof x['name'] === 'string' && typeof x['colour'] === 'string' && (x['role'] === 'editor' || x['role'] === 'viewer');
}
