import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Result } from '@liveprop/core';
import type { SessionPage } from '../http/lobbyRest.js';
import type { OriginPolicy } from '../http/origin.js';
import type { SessionPlacement, SessionRegistry } from '../sessions/registry.js';
import type { Session } from '../sessions/session.js';
import type { SessionQuery, Store } from '../storage/types.js';
import { LEASE_TTL_MS } from './clusterConfig.js';
import { joinCluster, type ClusterNode } from './clusterNode.js';
import { OwnedSessions } from './ownedSessions.js';
import { OwnerLink } from './ownerLink.js';
import { OwnerPresence } from './ownerPresence.js';
import { ownerRequestHandler, type OwnerRequest } from './ownerRequests.js';
import { RemoteSessions } from './remoteSessions.js';
import { placeNewSession, relayToOwner } from './restRelay.js';
import { SessionMoves } from './sessionMove.js';
import { Takeover } from './takeover.js';
import { WorkerBoard } from './workerBoard.js';

export type RedisHealth = 'ok' | 'degraded';

/** What `/healthz` says about a node of a cluster. */
export interface ClusterHealth {
  nodeId: string;
  /** `degraded` while Redis does not answer: sessions trained here keep serving their viewers here. */
  redis: RedisHealth;
  /** Sessions this node trains. */
  owned: number;
}

interface Joined {
  node: ClusterNode;
  link: OwnerLink;
  owned: OwnedSessions;
  remote: RemoteSessions;
  presence: OwnerPresence;
  takeover: Takeover;
  workers: WorkerBoard;
}

/**
 * One server process as a node of a cluster (`LIVEPROP_REDIS_URL`): made before the registry, whose placement hook
 * it is, and joined once the registry exists.
 */
export class ClusterMember {
  private joined: Joined | null = null;
  private redisHealth: RedisHealth = 'ok';
  private readonly healthListeners: ((health: RedisHealth) => void)[] = [];

  constructor(
    private readonly redisUrl: string,
    private readonly log: Logger,
  ) {}

  /** Hands the registry's sessions to {@link OwnedSessions} once joined. */
  readonly placement: SessionPlacement = {
    started: (session: Session) => this.joined?.owned.started(session),
    stopped: (id: string, why: 'deleted') => this.joined?.owned.stopped(id, why),
  };

  /** Connects to Redis; throws {@link RedisUnreachableError} (password masked) when it does not answer. */
  async join(registry: SessionRegistry, store: Store): Promise<void> {
    let owned: OwnedSessions | null = null;
    let presence: OwnerPresence | null = null;
    let remote: RemoteSessions | null = null;
    let failedAt = -Infinity;
    const node = await joinCluster(this.redisUrl, {
      handle: ownerRequestHandler(
        registry,
        (id) => owned?.owns(id) ?? false,
        (id) => void presence?.refresh(id),
        (id) => owned?.take(id) ?? Promise.resolve(false),
        (id) => owned?.takeDone(id) ?? Promise.resolve(),
        (session, sender, message) => remote?.movedAway(session, sender, message) ?? Promise.resolve(false),
      ),
      onError: (err) => {
        failedAt = performance.now();
        this.log.warn({ err: err.message }, 'Redis connection trouble');
      },
    });
    // After Redis failed, owners get a lease time to take their own sessions back before anyone else may.
    const settled = (): boolean => node.redis.isReady && performance.now() - failedAt >= LEASE_TTL_MS;
    owned = new OwnedSessions(node, registry, store, this.log, settled);
    presence = new OwnerPresence(node, registry, () => owned.ids(), this.log);
    const workers = new WorkerBoard(node.redis, node.nodeId, () => registry.freeWorkers(), (err) => this.log.debug({ err: err.message }, 'could not publish free workers'));
    workers.start();
    const handOff = async (id: string): Promise<void> => {
      const roomy = await workers.roomiest().catch(() => null);
      if (roomy !== null && (await store.getSession(id)).ok) await node.inbox.forward(roomy.nodeId, id, { kind: 'take' } satisfies OwnerRequest);
    };
    const link = new OwnerLink(node, registry, owned, store, this.log, handOff);
    const takeover = new Takeover(node, registry, owned, store, settled);
    remote = new RemoteSessions(link);
    remote.moves = new SessionMoves(node, registry, owned, workers, remote, this.log);
    this.joined = { node, link, owned, remote, presence, takeover, workers };
    // After the client's own bookkeeping for the event, so `isReady` tells where it stands.
    const watch = (): void => void setImmediate(() => this.setRedisHealth(node.redis.isReady ? 'ok' : 'degraded'));
    for (const event of ['ready', 'error', 'reconnecting', 'end']) node.redis.on(event, watch);
    this.log.info({ nodeId: node.nodeId }, 'joined the cluster');
  }

  get remoteSessions(): RemoteSessions | undefined {
    return this.joined?.remote;
  }

  /** Tells the other nodes where to hand on REST requests for the sessions this node trains. */
  async advertise(url: string): Promise<void> {
    await this.joined?.node.presence.advertise(url);
  }

  /** Hands a REST request about a session another node trains on to it; false when it is this node's to answer. */
  relay(req: IncomingMessage, res: ServerResponse, pathname: string, policy: OriginPolicy): Promise<boolean> {
    if (this.joined === null) return Promise.resolve(false);
    if (pathname === '/api/sessions' && req.method === 'POST') return placeNewSession(this.joined.link.registry, this.joined.workers, policy, req, res);
    return relayToOwner(this.joined.link, policy, req, res, pathname);
  }

  /**
   * One lobby page as on one node ([R39]), read from the shared store: live state for the sessions trained here, the
   * owner's stored state for the others, each row's viewers counted on every live node.
   */
  page(registry: SessionRegistry, query: SessionQuery): Promise<Result<SessionPage>> {
    if (this.joined === null) return registry.page(query);
    const { presence } = this.joined.node;
    // Redis away: the lobby still answers, counting nobody watching through other nodes.
    return registry.page(query, (ids) => presence.counts(ids).catch(() => new Map<string, number>()));
  }

  /** Calls `listener` whenever this node loses or regains Redis ([R40]). */
  onRedisHealth(listener: (health: RedisHealth) => void): void {
    this.healthListeners.push(listener);
  }

  /** Whether this node has Redis now: what a socket greeted now is told ([R40]). */
  currentRedisHealth(): RedisHealth {
    return this.redisHealth;
  }

  private setRedisHealth(health: RedisHealth): void {
    if (this.joined === null || health === this.redisHealth) return;
    this.redisHealth = health;
    this.log.warn({ redis: health }, health === 'ok' ? 'Redis answers again' : 'Redis lost: degraded');
    for (const listener of this.healthListeners) listener(health);
  }

  health(): ClusterHealth | null {
    if (this.joined === null) return null;
    const { node, owned } = this.joined;
    return { nodeId: node.nodeId, redis: node.redis.isReady ? 'ok' : 'degraded', owned: owned.ids().length };
  }

  /** Stops taking sessions over, gives up the leases held (call after the sessions checkpointed) and leaves. */
  async leave(): Promise<void> {
    const joined = this.joined;
    if (joined === null) return;
    this.joined = null;
    joined.takeover.stop();
    joined.presence.stop();
    await joined.workers.stop().catch(() => {});
    await joined.owned.releaseAll();
    await joined.node.close();
  }
}
