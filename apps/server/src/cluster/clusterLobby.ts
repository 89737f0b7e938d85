import type { SessionSummary } from '@liveprop/protocol';
import type { SessionRegistry } from '../sessions/registry.js';
import type { Store } from '../storage/types.js';
import type { PresenceBoard } from './presenceBoard.js';

/**
 * The lobby of a cluster: every stored session, whichever node trains it. Sessions trained here report their live
 * state; the others what their owner last stored, with their viewers counted on every live node.
 */
export async function listClusterSessions(store: Store, registry: SessionRegistry, presence: PresenceBoard): Promise<SessionSummary[]> {
  const local = new Map(registry.list().map((s) => [s.id, s]));
  const listed = await store.listSessions();
  if (!listed.ok) return [...local.values()];
  return Promise.all(
    listed.value.map(async (row): Promise<SessionSummary> => {
      const here = local.get(row.id);
      if (here !== undefined) return { ...here, viewers: registry.get(row.id)?.viewerCount ?? here.viewers };
      const viewers = await presence.read(row.id).then((p) => p.count, () => 0);
      return { id: row.id, name: row.name, epoch: row.epoch, status: row.status, viewers, createdAt: row.createdAt, parentId: row.parentId, forkEpoch: row.forkEpoch };
    }),
  );
}
