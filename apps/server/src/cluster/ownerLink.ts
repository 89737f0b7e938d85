import type { Logger } from 'pino';
import type { SessionRegistry } from '../sessions/registry.js';
import type { Session } from '../sessions/session.js';
import type { Store } from '../storage/types.js';
import type { ClusterNode } from './clusterNode.js';
import type { CommandAnswer } from './commandInbox.js';
import { leaseHolder } from './leaseCalls.js';
import type { OwnedSessions } from './ownedSessions.js';
import type { OwnerRequest } from './ownerRequests.js';

/** Where a session is trained, as seen from this node. */
export type Whereabouts = { at: 'here'; session: Session } | { at: 'node'; nodeId: string } | { at: 'nowhere'; why: 'unknown' | 'busy' };

/** What a node uses to reach the sessions other nodes train. */
export class OwnerLink {
  constructor(
    readonly node: ClusterNode,
    readonly registry: SessionRegistry,
    readonly owned: OwnedSessions,
    readonly store: Store,
    readonly log: Logger,
    /** Asks a node with free workers to take stored session `id`, when this one has none ({@link WorkerBoard}). */
    private readonly handOff: (id: string) => Promise<void> = async () => {},
  ) {}

  /**
   * Finds who trains `id`. A stored session nobody trains is taken here when a worker is free, else by the node with
   * the most free workers (the lazy half of failover and of waking: the periodic half is {@link Takeover}).
   */
  async locate(id: string): Promise<Whereabouts> {
    const local = this.registry.get(id);
    if (local !== undefined) return { at: 'here', session: local };
    const holder = await leaseHolder(this.node.redis, id);
    if (holder !== null && holder.nodeId !== this.node.nodeId) return { at: 'node', nodeId: holder.nodeId };
    // Held here already: a take under way (its restore from the store) is waited for.
    if (holder !== null) await this.owned.takeDone(id);
    else if (!(await this.owned.take(id)) && !this.registry.hasRoom()) await this.handOff(id);
    const taken = this.registry.get(id);
    if (taken !== undefined) return { at: 'here', session: taken };
    const again = await leaseHolder(this.node.redis, id);
    if (again !== null && again.nodeId !== this.node.nodeId) return { at: 'node', nodeId: again.nodeId };
    // No node with room took it: it comes here hibernated, as a stored session does on one node ([R39]).
    if (again === null && (await this.owned.take(id, true))) {
      const asleep = this.registry.get(id);
      if (asleep !== undefined) return { at: 'here', session: asleep };
    }
    const stored = await this.store.getSession(id);
    return { at: 'nowhere', why: stored.ok ? 'busy' : 'unknown' };
  }

  /**
   * Sends `request` about session `id` to the node that trains it, wherever that is now; asked again once when that
   * node no longer trains it (it moved on meanwhile).
   */
  async ask(id: string, request: OwnerRequest, again = true): Promise<CommandAnswer | { ok: 'here'; session: Session }> {
    let where: Whereabouts;
    try {
      where = await this.locate(id);
    } catch (err) {
      return { ok: false, code: 'unavailable', message: `cannot find the server training session ${id}: ${(err as Error).message}` };
    }
    switch (where.at) {
      case 'here':
        return { ok: 'here', session: where.session };
      case 'node': {
        const answer = await this.node.inbox.forward(where.nodeId, id, request);
        return !answer.ok && answer.code === 'not-owner' && again ? this.ask(id, request, false) : answer;
      }
      case 'nowhere':
        return where.why === 'unknown'
          ? { ok: false, code: 'unknown', message: `no session with id "${id.slice(0, 64)}"` }
          : { ok: false, code: 'busy', message: `no server trains session ${id} now and this one has no free worker` };
      default: {
        const never: never = where;
        throw new Error(`unknown whereabouts ${JSON.stringify(never)}`);
      }
    }
  }
}
