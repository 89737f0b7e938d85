import type { Logger } from 'pino';
import type { SessionRegistry } from '../sessions/registry.js';
import type { Session } from '../sessions/session.js';
import type { Participant } from '../sessions/participant.js';
import { mayRun, workerNeed, type SessionMessage } from '../sessions/sessionCommands.js';
import { PRESENCE_TTL_MS } from './clusterConfig.js';
import type { ClusterNode } from './clusterNode.js';
import type { OwnedSessions } from './ownedSessions.js';
import type { OwnerRequest } from './ownerRequests.js';
import type { RemoteSessions } from './remoteSessions.js';
import type { WorkerBoard } from './workerBoard.js';

/**
 * Wakes a hibernated session on the node with the most free workers when it would wake on this one at its
 * `LIVEPROP_MAX_WORKERS` cap. The session leaves memory here with every write stored, its lease is released, and the
 * other node takes it as it takes any stored session nobody trains (lease first, then restore from the store). Its
 * participants here follow it as relay viewers, with a flagged resync to the new owner's stream. If that node does
 * not take it, it comes back here hibernated and wakes as on one node.
 */
export class SessionMoves {
  private readonly moving = new Map<string, Promise<boolean>>();
  /** Nodes that did not answer a hand-off, and until when they are not asked again (their heartbeat may outlive them). */
  private readonly unanswered = new Map<string, number>();

  constructor(
    private readonly node: ClusterNode,
    private readonly registry: SessionRegistry,
    private readonly owned: OwnedSessions,
    private readonly workers: WorkerBoard,
    private readonly remote: RemoteSessions,
    private readonly log: Logger,
  ) {}

  /**
   * Whether `msg` of `sender` finds `session` gone to another node (moved now, or by a move it waited for): it must
   * then be sent to the new owner. False when it runs here: the session is awake, this node has a free worker, no
   * node has one, or the message needs no worker (or is a viewer's, to be refused).
   */
  movedAway(session: Session, sender: Pick<Participant, 'role'>, msg: SessionMessage): Promise<boolean> {
    const under = this.moving.get(session.id);
    if (under !== undefined) return under;
    if (!mayRun(sender, msg) || workerNeed(session, msg) !== 'worker') return Promise.resolve(false);
    if (session.awake || this.registry.hasRoom() || !this.owned.owns(session.id)) return Promise.resolve(false);
    const move = this.move(session).finally(() => this.moving.delete(session.id));
    this.moving.set(session.id, move);
    return move;
  }

  private async move(session: Session): Promise<boolean> {
    const now = performance.now();
    for (const [nodeId, until] of this.unanswered) if (until <= now) this.unanswered.delete(nodeId);
    const target = await this.workers.roomiest(false, new Set(this.unanswered.keys())).catch(() => null);
    if (target === null) return false;
    const participants = await this.registry.handOver(session);
    if (participants === null) return false;
    const remote = participants.length === 0 ? null : this.remote.get(session.id);
    for (const p of participants) if (remote !== null) p.moved?.(remote);
    await this.owned.giveUp(session.id);
    const taken = await this.node.inbox.forward(target.nodeId, session.id, { kind: 'take' } satisfies OwnerRequest);
    if (taken.ok) this.log.info({ sessionId: session.id, to: target.nodeId }, 'hibernated session moved to a node with a free worker');
    else {
      // Not taken there: nobody else has it either (or they keep it). It comes back here hibernated, as on one node.
      this.log.warn({ sessionId: session.id, to: target.nodeId, err: taken.message }, 'node with a free worker did not take the session; keeping it here');
      if (taken.code === 'owner-unreachable') this.unanswered.set(target.nodeId, performance.now() + PRESENCE_TTL_MS);
      await this.owned.take(session.id, true).catch(() => false);
    }
    await remote?.follow();
    return true;
  }
}
