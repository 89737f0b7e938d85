import type { Logger } from 'pino';
import type { SessionPlacement, SessionRegistry } from '../sessions/registry.js';
import { restoreSession } from '../sessions/restoreSessions.js';
import type { Session } from '../sessions/session.js';
import type { Store } from '../storage/types.js';
import type { ClusterNode } from './clusterNode.js';
import { holdLease, type HeldLease, type LeaseLoss, type LeaseTimings } from './heldLease.js';
import { RelayWriter } from './relayWriter.js';

/** Event `what` when a node took over a session whose owner is gone; `from` is its last stored epoch, `to` says how. */
export const TAKEN_OVER_EVENT = 'takenOver';

/**
 * The sessions this node trains, each under a lease it keeps renewing. A session started here (created, forked) is
 * leased at once; a stored one is leased before it is restored ({@link OwnedSessions.take}). A lease that is lost
 * (another node holds it, or Redis did not renew it in time) stops the session here; its stored writes are fenced.
 */
export class OwnedSessions implements SessionPlacement {
  private readonly leases = new Map<string, HeldLease>();
  /** Sessions being restored under a lease already held: their start must not lease them again. */
  private readonly taking = new Map<string, Promise<boolean>>();

  constructor(
    private readonly node: ClusterNode,
    private readonly registry: SessionRegistry,
    private readonly store: Store,
    private readonly log: Logger,
    private readonly timings?: LeaseTimings,
  ) {}

  /** Whether this node holds `id`'s lease. */
  owns(id: string): boolean {
    return this.leases.get(id)?.held ?? false;
  }

  /** Ids of the sessions this node trains. */
  ids(): string[] {
    return [...this.leases.keys()];
  }

  started(session: Session): void {
    if (this.taking.has(session.id) || this.leases.has(session.id)) return;
    void this.lease(session.id).then((lease) => {
      if (lease === null) void this.registry.evict(session.id, 'another server holds this session');
      else this.relay(session, lease);
    });
  }

  stopped(id: string): void {
    void this.release(id);
  }

  private async release(id: string): Promise<void> {
    const lease = this.leases.get(id);
    this.leases.delete(id);
    await lease?.release().catch((err: Error) => this.log.warn({ sessionId: id, err: err.message }, 'could not release a lease'));
  }

  /**
   * Restores stored session `id` here if nobody trains it and a worker is free: takes its lease, claims its stored
   * writes with the lease's token, and starts it from its latest checkpoint. False when it stays elsewhere.
   */
  take(id: string): Promise<boolean> {
    if (this.registry.get(id) !== undefined) return Promise.resolve(this.leases.has(id));
    let taking = this.taking.get(id);
    if (taking === undefined) {
      taking = this.takeNow(id).finally(() => this.taking.delete(id));
      this.taking.set(id, taking);
    }
    return taking;
  }

  private async takeNow(id: string): Promise<boolean> {
    const stored = await this.store.getSession(id);
    if (!this.registry.hasRoom() || !stored.ok) return false;
    const lease = await this.lease(id).catch(() => null);
    if (lease === null) return false;
    // After Redis lost its data its tokens restart low; the store's then win, claimed one above its own.
    const claimed = await this.store.claimSession(id, lease.token);
    const restored = await restoreSession(this.store, this.registry, this.log, id, claimed.ok ? lease.token : undefined);
    const session = this.registry.get(id);
    if (!restored || session === undefined) {
      await this.release(id);
      return false;
    }
    this.relay(session, lease);
    // It was training: its owner is gone. As after a crash on one node ([R20]) it comes back paused at its latest
    // checkpoint with every stored epoch kept; its viewers on every node resync and an editor resumes it.
    if (stored.value.status === 'running') {
      const to = `node ${this.node.nodeId} took the session over from its checkpoint of epoch ${session.epoch}; press play to go on`;
      session.publishEvent('system', TAKEN_OVER_EVENT, stored.value.epoch, to);
      session.publishStatus('system');
      this.log.warn({ sessionId: id, epoch: session.epoch, token: lease.token }, 'took over a session whose owner is gone');
    }
    return true;
  }

  private async lease(id: string): Promise<HeldLease | null> {
    const held = await holdLease(this.node.redis, {
      sessionId: id,
      nodeId: this.node.nodeId,
      ...(this.timings === undefined ? {} : { timings: this.timings }),
      onLost: (why) => this.lost(id, why),
    });
    if (!held.ok) return null;
    this.leases.set(id, held.lease);
    return held.lease;
  }

  /** Mirrors the session's stream to Redis under the lease's token; a refused append means a newer owner. */
  private relay(session: Session, lease: HeldLease): void {
    const writer = new RelayWriter(this.node.redis, session.id, session.streamId, lease.token);
    const onAppended = (result: Awaited<ReturnType<RelayWriter['append']>>): void => {
      if (!result.ok && result.code === 'fenced' && this.leases.get(session.id) === lease) this.lost(session.id, 'taken');
    };
    session.relayTo({
      frame: (seq, wire) => void writer.append(seq, wire).then(onAppended),
      snapshot: (bytes) => void writer.putSnapshot(bytes),
    });
  }

  private lost(id: string, why: LeaseLoss): void {
    this.leases.delete(id);
    this.log.warn({ sessionId: id, why }, 'lease lost; this node stops training the session');
    void this.registry.evict(id, why === 'taken' ? 'another server trains this session now' : 'this server lost its lease on the session');
  }

  /** Gives every lease up, so other nodes need not wait for them to lapse. */
  async releaseAll(): Promise<void> {
    await Promise.all([...this.leases.keys()].map((id) => this.release(id)));
  }
}
