import type { SessionRegistry } from '../sessions/registry.js';
import type { Store } from '../storage/types.js';
import { TAKEOVER_SWEEP_MS } from './clusterConfig.js';
import type { ClusterNode } from './clusterNode.js';
import { clusterKeys } from './keys.js';
import type { OwnedSessions } from './ownedSessions.js';

/**
 * Failover: every {@link TAKEOVER_SWEEP_MS} (with jitter, so nodes do not race in step) a node with a free worker
 * looks for stored sessions that were training and whose lease nobody holds — their owner died or was cut off — and
 * takes them under a new lease and token. As after a crash on one node ([R20]) the session comes back paused at its
 * latest checkpoint with every stored epoch kept, its viewers on every node resync, and an editor resumes it.
 */
export class Takeover {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly node: ClusterNode,
    private readonly registry: SessionRegistry,
    private readonly owned: OwnedSessions,
    private readonly store: Store,
    /** Whether Redis has answered long enough that a lease nobody holds means a dead owner. */
    private readonly settled: () => boolean,
    private readonly everyMs = TAKEOVER_SWEEP_MS,
  ) {
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.sweep().finally(() => this.schedule()), this.everyMs * (0.5 + Math.random()));
    this.timer.unref();
  }

  /** One look; answers the ids taken. */
  async sweep(): Promise<string[]> {
    if (!this.settled()) return [];
    const listed = await this.store.listSessions();
    if (!listed.ok) return [];
    const orphans = listed.value.filter((s) => s.status === 'running' && this.registry.get(s.id) === undefined);
    if (orphans.length === 0 || !this.registry.hasRoom()) return [];
    let holders: (string | null)[];
    try {
      holders = await this.node.redis.mGet(orphans.map((s) => clusterKeys.lease(s.id)));
    } catch {
      return [];
    }
    const taken: string[] = [];
    for (const [i, orphan] of orphans.entries()) {
      if (holders[i] !== null || this.stopped || !this.registry.hasRoom()) continue;
      if (await this.owned.take(orphan.id)) taken.push(orphan.id);
    }
    return taken;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
  }
}
