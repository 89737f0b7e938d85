import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPreset } from '@liveprop/core';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionRegistry } from '../sessions/registry.js';
import { StoreRecorder } from '../sessions/storeRecorder.js';
import { openStore } from '../storage/openStore.js';
import type { Store } from '../storage/types.js';
import { startRedis, type RedisHarness } from '../testing/redisHarness.js';
import { unwrap } from '../testing/storeResults.js';
import { joinCluster, type ClusterNode } from './clusterNode.js';
import type { LeaseTimings } from './heldLease.js';
import { leaseHolder } from './leaseCalls.js';
import { OwnedSessions } from './ownedSessions.js';

const timings: LeaseTimings = { ttlMs: 900, renewMs: 150, marginMs: 300 };
const log = pino({ level: 'silent' });

/** Blocks this whole process, timers and sockets included, as decoding a long stored history does. */
function pauseProcess(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

interface TestNode {
  node: ClusterNode;
  registry: SessionRegistry;
  owned: OwnedSessions;
}

/** One node of a cluster in this process: its own Redis connections and registry; `takesFrom` is the shared store. */
async function startNode(redisUrl: string, store: Store, takesFrom = store): Promise<TestNode> {
  let owned: OwnedSessions | null = null;
  const registry = new SessionRegistry({
    logger: log,
    recorder: new StoreRecorder(store, log),
    placement: { started: (s) => owned?.started(s), stopped: (id, why) => owned?.stopped(id, why) },
  });
  const node = await joinCluster(redisUrl, { handle: () => ({ ok: false, code: 'not-owner', message: 'not used here' }) });
  owned = new OwnedSessions(node, registry, takesFrom, log, () => true, timings);
  return { node, registry, owned };
}

/**
 * `store` whose first history read blocks the process past a lease's TTL (as a long history read and decoded can), then
 * runs `meanwhile` before it reads.
 */
function pausingHistoryRead(store: Store, meanwhile: () => Promise<void>): Store {
  let paused = false;
  return new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== 'function') return value;
      const call = (...args: unknown[]): unknown => (value as (...a: unknown[]) => unknown).apply(target, args);
      if (key !== 'readMetrics') return call;
      return async (...args: unknown[]) => {
        if (!paused) {
          paused = true;
          pauseProcess(timings.ttlMs + 200);
          await meanwhile();
        }
        return call(...args);
      };
    },
  });
}

describe('a lease that lapses while its session is restored', () => {
  const dir = mkdtempSync(join(tmpdir(), 'liveprop-restore-lapse-'));
  let redis: RedisHarness;
  let store: Store;
  const nodes: TestNode[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    store = unwrap(openStore(dir));
  });
  afterAll(async () => {
    for (const { owned, registry, node } of nodes) {
      await owned.releaseAll();
      await registry.closeAll();
      await node.close();
    }
    await store?.close();
    await redis?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A stored session with a checkpoint, in memory nowhere. */
  async function storedSession(): Promise<string> {
    const maker = new SessionRegistry({ logger: log, recorder: new StoreRecorder(store, log) });
    const made = await maker.create(getPreset('spiral')!, 'long history');
    if (!made.ok) throw new Error(made.message);
    await made.value.session.saveCheckpoint();
    await maker.closeAll();
    return made.value.session.id;
  }

  it('another node takes the session meanwhile: the restoring node leaves it to that node instead of training it too', async () => {
    const id = await storedSession();

    const b = await startNode(redis.url, store);
    nodes.push(b);
    let bTook: Promise<boolean> | null = null;
    // A's restore holds its process past the lease's TTL; B takes the lapsed lease meanwhile.
    const slowStore = pausingHistoryRead(store, async () => {
      bTook = b.owned.take(id);
      await bTook;
    });
    const a = await startNode(redis.url, store, slowStore);
    nodes.push(a);

    const aTook = await a.owned.take(id);
    expect(await bTook).toBe(true);
    const holder = await leaseHolder(b.node.redis, id);
    expect(holder?.nodeId).toBe(b.node.nodeId);
    // At most one node trains it: the lease holder. A restored it after losing its lease and must not keep it.
    expect({ aTook, aHasIt: a.registry.get(id) !== undefined, aOwns: a.owned.owns(id) }).toEqual({ aTook: false, aHasIt: false, aOwns: false });
    expect({ bHasIt: b.registry.get(id) !== undefined, bOwns: b.owned.owns(id) }).toEqual({ bHasIt: true, bOwns: true });
  }, 30_000);

  it('nobody took the lapsed lease: the restoring node takes it back under a new token, and holds it', async () => {
    const id = await storedSession();
    const a = await startNode(redis.url, store, pausingHistoryRead(store, async () => {}));
    nodes.push(a);
    expect(await a.owned.take(id)).toBe(true);
    expect({ aHasIt: a.registry.get(id) !== undefined, aOwns: a.owned.owns(id) }).toEqual({ aHasIt: true, aOwns: true });
    expect(await leaseHolder(a.node.redis, id)).toEqual({ nodeId: a.node.nodeId, token: 2 });
  }, 30_000);
});
