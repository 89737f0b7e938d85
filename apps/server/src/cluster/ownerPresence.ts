import { PRESENCE_LIMIT, type Viewer } from '@liveprop/protocol';
import type { Logger } from 'pino';
import type { Participant } from '../sessions/participant.js';
import type { SessionRegistry } from '../sessions/registry.js';
import { PRESENCE_SYNC_MS } from './clusterConfig.js';
import type { ClusterNode } from './clusterNode.js';
import type { SessionPresence } from './presenceBoard.js';

/** Participants as one node lists them: most recently joined first, editors before viewers, at most the limit. */
export function presencePart(participants: Iterable<Participant>): SessionPresence {
  const all = [...participants].reverse().map(({ id, name, colour, role }): Viewer => ({ id, name, colour, role }));
  const viewers = all.filter((v) => v.role === 'editor').concat(all.filter((v) => v.role !== 'editor')).slice(0, PRESENCE_LIMIT);
  return { count: all.length, viewers };
}

/**
 * The owner's side of merged presence: for each session it trains, it publishes its own participants (for the
 * lobby) and reads the other nodes', which its presence frames then include. Runs every {@link PRESENCE_SYNC_MS} and
 * whenever another node says its participants changed; a dead node's entries drop out once its heartbeat lapses.
 */
export class OwnerPresence {
  private readonly seen = new Map<string, string>();
  private readonly published = new Map<string, string>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly node: ClusterNode,
    private readonly registry: SessionRegistry,
    private readonly ownedIds: () => string[],
    private readonly log: Logger,
    everyMs = PRESENCE_SYNC_MS,
  ) {
    this.timer = setInterval(() => void this.syncAll(), everyMs);
    this.timer.unref();
  }

  /** Re-reads session `id`'s participants on other nodes now. */
  async refresh(id: string): Promise<void> {
    const session = this.registry.get(id);
    if (session === undefined) return;
    try {
      const own = presencePart(session.participants.values());
      const ownJson = JSON.stringify(own);
      if (this.published.get(id) !== ownJson) {
        await this.node.presence.publish(id, own);
        this.published.set(id, ownJson);
      }
      const { count, viewers } = await this.node.presence.read(id, this.node.nodeId);
      const json = JSON.stringify({ count, viewers });
      if (this.seen.get(id) === json || this.registry.get(id) !== session) return;
      this.seen.set(id, json);
      session.setElsewhere({ count, viewers });
    } catch (err) {
      this.log.debug({ sessionId: id, err: (err as Error).message }, 'presence sync failed; retried on the next round');
    }
  }

  private async syncAll(): Promise<void> {
    const ids = new Set(this.ownedIds());
    for (const id of [...this.seen.keys()]) if (!ids.has(id)) this.seen.delete(id);
    for (const id of [...this.published.keys()]) if (!ids.has(id)) this.published.delete(id);
    await Promise.all([...ids].map((id) => this.refresh(id)));
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
