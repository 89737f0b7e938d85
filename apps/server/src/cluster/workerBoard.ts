import { WORKERS_PUBLISH_MS } from './clusterConfig.js';
import { clusterKeys } from './keys.js';
import type { RedisClient } from './redisClient.js';

/** A node with room for another session, and where to reach it (null until it has said). */
export interface RoomyNode {
  nodeId: string;
  address: string | null;
  free: number;
}

/**
 * Every node's free session workers (`LIVEPROP_MAX_WORKERS` less those awake), published in one Redis hash, so a
 * node at its cap can place a new or woken session on the node with the most room. Entries of dead nodes are told
 * apart by their heartbeat key, as presence does; the heartbeat also holds the address.
 */
export class WorkerBoard {
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly redis: RedisClient,
    private readonly nodeId: string,
    /** Workers a session could get on this node now. */
    private readonly freeWorkers: () => number,
    private readonly onError: (err: Error) => void,
    private readonly everyMs = WORKERS_PUBLISH_MS,
  ) {}

  start(): void {
    const publish = (): void => void this.publish().catch(this.onError);
    publish();
    this.timer = setInterval(publish, this.everyMs);
    this.timer.unref();
  }

  async publish(): Promise<void> {
    await this.redis.hSet(clusterKeys.workers, this.nodeId, String(this.freeWorkers()));
  }

  /**
   * The live node other than this one (and those in `except`) with the most free workers; null when none has any.
   * With `reachable`, only nodes whose HTTP address is known.
   */
  async roomiest(reachable = false, except: ReadonlySet<string> = new Set()): Promise<RoomyNode | null> {
    const entries = Object.entries(await this.redis.hGetAll(clusterKeys.workers))
      .map(([nodeId, value]) => ({ nodeId, free: Number.parseInt(value, 10) }))
      .filter((e) => e.nodeId !== this.nodeId && e.free > 0 && !except.has(e.nodeId));
    if (entries.length === 0) return null;
    const addresses = await this.redis.mGet(entries.map((e) => clusterKeys.nodeAlive(e.nodeId)));
    let best: RoomyNode | null = null;
    for (const [i, e] of entries.entries()) {
      const alive = addresses[i];
      if (alive === null || alive === undefined || (reachable && alive === '1')) continue;
      if (best === null || e.free > best.free) best = { ...e, address: alive === '1' ? null : alive };
    }
    return best;
  }

  /** Stops publishing and withdraws this node's entry. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.redis.hDel(clusterKeys.workers, this.nodeId);
  }
}
