import type { Logger } from 'pino';
import type { SessionPlacement, SessionRegistry } from '../sessions/registry.js';
import { restoreSession } from '../sessions/restoreSessions.js';
import type { Session } from '../sessions/session.js';
import type { Store } from '../storage/types.js';
import type { ClusterNode } from './clusterNode.js';
import { holdLease, type HeldLease, type LeaseLoss, type LeaseTimings } from './heldLease.js';
import { RelayWriter } from './relayWriter.js';

/** A node whose Redis is away tries to take the leases of its paused sessions back this often. */
const RETAKE_MS = 1_000;

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
  /** Each relayed session's writer, to end its stream when it is deleted. */
  private readonly relays = new Map<string, { session: Session; writer: RelayWriter }>();
  private closed = false;

  constructor(
    private readonly node: ClusterNode,
    private readonly registry: SessionRegistry,
    private readonly store: Store,
    private readonly log: Logger,
    /** Whether Redis has answered long enough that a lease nobody holds means a dead owner (see {@link take}). */
    private readonly settled: () => boolean = () => true,
    private readonly timings?: LeaseTimings,
  ) {}

  /** Whether this node holds `id`'s lease. */
  owns(id: string): boolean {
    return this.leases.get(id)?.held ?? false;
  }

  /** Settles once a take of `id` under way here (a restore from the store) is done; at once when none is. */
  async takeDone(id: string): Promise<void> {
    await this.taking.get(id);
  }

  /** Ids of the sessions this node trains. */
  ids(): string[] {
    return [...this.leases.keys()];
  }

  started(session: Session): void {
    if (this.taking.has(session.id) || this.leases.has(session.id)) return;
    void this.lease(session.id).then(
      (lease) => (lease === null ? void this.registry.evict(session.id, 'another server holds this session') : this.relay(session, lease)),
      () => void this.suspend(session),
    );
  }

  stopped(id: string, why: 'deleted'): void {
    const relay = this.relays.get(id);
    this.relays.delete(id);
    if (relay !== undefined && why === 'deleted' && this.leases.get(id)?.held) {
      relay.session.relayTo(null);
      // Issued before the release on the same connection, so it lands while the lease's token is still the newest.
      void relay.writer.end(relay.session.seq).then((result) => {
        if (!result.ok) this.log.warn({ sessionId: id, err: result.message }, 'could not end the relay stream of a deleted session');
      });
    }
    void this.release(id);
  }

  /** Stops relaying `id` and gives its lease up, for another node to take it (its writes are all stored). */
  async giveUp(id: string): Promise<void> {
    this.relays.get(id)?.session.relayTo(null);
    this.relays.delete(id);
    await this.release(id);
  }

  private async release(id: string): Promise<void> {
    const lease = this.leases.get(id);
    this.leases.delete(id);
    await lease?.release().catch((err: Error) => this.log.warn({ sessionId: id, err: err.message }, 'could not release a lease'));
  }

  /**
   * Restores stored session `id` here if nobody trains it and a worker is free: takes its lease, claims its stored
   * writes with the lease's token, and starts it from its latest checkpoint. False when it stays elsewhere, or when
   * Redis failed less than a lease time ago: its owner may still be taking it back. `evenIfFull`: at the worker cap
   * too, hibernated as on one node ([R39]), when no node with room took it.
   */
  take(id: string, evenIfFull = false): Promise<boolean> {
    if (this.registry.get(id) !== undefined) return Promise.resolve(this.leases.has(id));
    let taking = this.taking.get(id);
    if (taking === undefined) {
      taking = this.takeNow(id, evenIfFull).finally(() => this.taking.delete(id));
      this.taking.set(id, taking);
    }
    return taking;
  }

  private async takeNow(id: string, evenIfFull: boolean): Promise<boolean> {
    if (!this.settled() || (!evenIfFull && !this.registry.hasRoom())) return false;
    const stored = await this.store.getSession(id);
    if (!stored.ok) return false;
    const lease = await this.lease(id).catch(() => null);
    if (lease === null) return false;
    const restored = await restoreSession(this.store, this.registry, this.log, id, await this.claimToken(id, lease));
    const session = this.registry.get(id);
    if (!restored || session === undefined) {
      await this.release(id);
      return false;
    }
    // A long history can hold the restore past the lease's TTL; the loss found no session here to stop then.
    if (this.leases.get(id) !== lease) {
      this.log.warn({ sessionId: id, token: lease.token }, 'lease lost while the session was restored');
      if (!(await this.retake(session).catch(() => false))) {
        await this.registry.evict(id, 'another server trains this session now');
        return false;
      }
    } else this.relay(session, lease);
    // It was training: its owner is gone. As after a crash on one node ([R20]) it comes back paused at its latest
    // checkpoint with every stored epoch kept; its viewers on every node resync and an editor resumes it.
    if (stored.value.status === 'running') {
      const to = `node ${this.node.nodeId} took the session over from its checkpoint of epoch ${session.epoch}; press play to go on`;
      session.publishEvent('system', TAKEN_OVER_EVENT, stored.value.epoch, to);
      session.publishStatus('system');
      this.log.warn({ sessionId: id, epoch: session.epoch, token: this.leases.get(id)?.token }, 'took over a session whose owner is gone');
    }
    return true;
  }

  /** Takes `id`'s lease when nobody holds it; null when another node does. Throws when Redis does not answer. */
  private async lease(id: string): Promise<HeldLease | null> {
    let lease: HeldLease | null = null;
    const held = await holdLease(this.node.redis, {
      sessionId: id,
      nodeId: this.node.nodeId,
      ...(this.timings === undefined ? {} : { timings: this.timings }),
      onLost: (why) => {
        if (lease !== null) void this.lost(id, lease, why);
      },
    });
    if (!held.ok) return null;
    lease = held.lease;
    this.leases.set(id, lease);
    return lease;
  }

  /**
   * The token to claim the session's stored writes with: the lease's, unless the store already holds a higher one
   * (Redis came back without its data and its tokens restarted low): then the store's next, claimed here.
   */
  private async claimToken(id: string, lease: HeldLease): Promise<number | undefined> {
    const claimed = await this.store.claimSession(id, lease.token);
    return claimed.ok ? lease.token : undefined;
  }

  /** Mirrors the session's stream to Redis under the lease's token; a refused append means a newer owner. */
  private relay(session: Session, lease: HeldLease): void {
    const writer = new RelayWriter(this.node.redis, session.id, session.streamId, lease.token);
    this.relays.set(session.id, { session, writer });
    const onAppended = (result: Awaited<ReturnType<RelayWriter['append']>>): void => {
      if (result.ok || result.code !== 'fenced' || this.leases.get(session.id) !== lease) return;
      void lease.release().catch(() => {});
      void this.lost(session.id, lease, 'taken');
    };
    session.relayTo({
      frame: (seq, wire) => void writer.append(seq, wire).then(onAppended),
      snapshot: (bytes) => void writer.putSnapshot(bytes),
    });
  }

  /**
   * A lease ended without being released. If another node holds the session now, it stops here (its viewers reconnect
   * and follow it there). If nobody does — Redis came back without its data — this node takes it straight back. If
   * Redis does not answer, the session pauses but stays here with its viewers, until Redis answers again ({@link retake}).
   */
  private async lost(id: string, lease: HeldLease, why: LeaseLoss): Promise<void> {
    if (this.leases.get(id) !== lease) return;
    this.leases.delete(id);
    const session = this.registry.get(id);
    if (session === undefined) return;
    session.relayTo(null);
    this.relays.delete(id);
    this.log.warn({ sessionId: id, why }, 'lease lost');
    const back = await this.retake(session).catch(() => null);
    if (back === null) await this.suspend(session);
  }

  /** Takes the lease of a session still here back; false (and the session stops here) when another node holds it. */
  private async retake(session: Session): Promise<boolean> {
    const lease = await this.lease(session.id);
    if (lease === null) {
      await this.registry.evict(session.id, 'another server trains this session now');
      return false;
    }
    await this.claimToken(session.id, lease);
    this.relay(session, lease);
    this.log.info({ sessionId: session.id, token: lease.token }, 'lease taken back');
    return true;
  }

  /** Pauses a session whose lease could not be renewed, and retakes it once Redis answers. */
  private async suspend(session: Session): Promise<void> {
    const wasRunning = session.status === 'running';
    if (wasRunning && (await session.workerHandle.request({ kind: 'pause' })).result.ok) session.publishStatusIfChanged('system');
    this.log.warn({ sessionId: session.id }, 'Redis does not answer: the session is paused here until this node holds its lease again');
    const retry = (): void => {
      if (this.registry.get(session.id) !== session || this.closed) return;
      void this.retake(session).then(
        async (held) => {
          if (!held || !wasRunning) return;
          if ((await session.workerHandle.request({ kind: 'play' })).result.ok) session.publishStatusIfChanged('system');
        },
        () => setTimeout(retry, RETAKE_MS).unref(),
      );
    };
    setTimeout(retry, RETAKE_MS).unref();
  }

  /** Gives every lease up, so other nodes need not wait for them to lapse. */
  async releaseAll(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.leases.keys()].map((id) => this.release(id)));
  }
}
