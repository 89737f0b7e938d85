import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRedis, type RedisHarness } from '../testing/redisHarness.js';
import { holdLease, type HeldLease, type HoldResult, type LeaseLoss, type LeaseTimings } from './heldLease.js';
import { acquireLease, leaseHolder, releaseLease } from './leaseCalls.js';
import { connectRedis, type RedisClient } from './redisClient.js';

const timings: LeaseTimings = { ttlMs: 900, renewMs: 150, marginMs: 300 };

/** Blocks this whole process, timers and sockets included, as SIGSTOP would. */
function pauseProcess(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function held(result: HoldResult): HeldLease {
  if (!result.ok) throw new Error(`expected to hold the lease, ${result.holder.nodeId} holds it`);
  return result.lease;
}

describe('ownership lease', () => {
  let redis: RedisHarness;
  let nodeA: RedisClient;
  let nodeB: RedisClient;
  const leases: HeldLease[] = [];
  let session = 0;
  const nextSession = (): string => `s${++session}`;
  const hold = async (client: RedisClient, nodeId: string, sessionId: string, losses: LeaseLoss[] = [], minToken = 0) => {
    const result = await holdLease(client, { sessionId, nodeId, minToken, timings, onLost: (why) => losses.push(why) });
    if (result.ok) leases.push(result.lease);
    return result;
  };

  beforeAll(async () => {
    redis = await startRedis();
    nodeA = await connectRedis(redis.url, { name: 'node-a' });
    nodeB = await connectRedis(redis.url, { name: 'node-b' });
  });
  afterEach(async () => {
    await Promise.allSettled(leases.splice(0).map((lease) => lease.release()));
  });
  afterAll(async () => {
    nodeA.destroy();
    nodeB.destroy();
    await redis.close();
  });

  it('two nodes racing for the same sessions: exactly one wins each, and the loser learns who holds it', async () => {
    const sessions = Array.from({ length: 200 }, nextSession);
    const results = await Promise.all(
      sessions.map((id) => Promise.all([acquireLease(nodeA, id, 'A', 10_000), acquireLease(nodeB, id, 'B', 10_000)])),
    );
    for (const [a, b] of results) {
      expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
      const winner = a.ok ? { nodeId: 'A', token: a.token } : b.ok ? { nodeId: 'B', token: b.token } : null;
      const loser = a.ok ? b : a;
      expect(loser).toEqual({ ok: false, holder: winner });
      expect(winner?.token).toBe(1);
    }
  });

  it('a renewed lease outlives its TTL many times over; another node cannot take it', async () => {
    const id = nextSession();
    const losses: LeaseLoss[] = [];
    const lease = held(await hold(nodeA, 'A', id, losses));
    await new Promise((resolve) => setTimeout(resolve, timings.ttlMs * 3));
    expect(lease.held).toBe(true);
    expect(losses).toEqual([]);
    expect(await acquireLease(nodeB, id, 'B', timings.ttlMs)).toEqual({ ok: false, holder: { nodeId: 'A', token: 1 } });
  });

  it('tokens only rise: each new holder of a session gets a higher one', async () => {
    const id = nextSession();
    const tokens: number[] = [];
    for (let i = 0; i < 10; i++) {
      const [client, nodeId] = i % 2 === 0 ? [nodeA, 'A'] : [nodeB, 'B'];
      const lease = held(await hold(client, nodeId, id));
      tokens.push(lease.token);
      await lease.release();
    }
    expect(tokens).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('release frees the session at once, and only while it is still ours', async () => {
    const id = nextSession();
    const a = held(await hold(nodeA, 'A', id));
    await a.release();
    const b = held(await hold(nodeB, 'B', id));
    expect(b.token).toBe(a.token + 1);
    expect(await releaseLease(nodeA, id, a.holder)).toBe(false);
    expect(await leaseHolder(nodeA, id)).toEqual({ nodeId: 'B', token: b.token });
  });

  it('a paused owner loses the session to another node with a higher token, and on waking reports the loss', async () => {
    const id = nextSession();
    const losses: LeaseLoss[] = [];
    const a = held(await hold(nodeA, 'A', id, losses));
    pauseProcess(timings.ttlMs + 200);
    const b = held(await hold(nodeB, 'B', id));
    expect(b.token).toBeGreaterThan(a.token);
    await vi.waitFor(() => expect(losses).toEqual(['expired']));
    expect(a.held).toBe(false);
    // The woken owner's renewals never came back to life: the session stays B's.
    await new Promise((resolve) => setTimeout(resolve, timings.renewMs * 3));
    expect(await leaseHolder(nodeB, id)).toEqual({ nodeId: 'B', token: b.token });
  });

  it('a renewal that finds another holder reports the session as taken', async () => {
    const id = nextSession();
    const losses: LeaseLoss[] = [];
    held(await hold(nodeA, 'A', id, losses));
    await releaseLease(nodeB, id, { nodeId: 'A', token: 1 }); // as an operator clearing a stuck session would
    const b = held(await hold(nodeB, 'B', id));
    await vi.waitFor(() => expect(losses).toEqual(['taken']));
    expect(b.held).toBe(true);
  });

  it.each([
    ['stops', () => redis.stop(), () => redis.start()],
    ['freezes', () => redis.freeze(), () => redis.thaw()],
  ] as const)('Redis %s: the owner reports the loss before the lease could lapse, and re-acquires above its old token', async (_, fail, recover) => {
    const id = nextSession();
    const losses: LeaseLoss[] = [];
    const a = held(await hold(nodeA, 'A', id, losses));
    await new Promise((resolve) => setTimeout(resolve, timings.renewMs * 2));
    const lastRenewalBy = performance.now();
    await fail();
    try {
      await vi.waitFor(() => expect(losses).toEqual(['expired']), { timeout: 5_000, interval: 10 });
      // No renewal succeeded after `lastRenewalBy`, so Redis may drop the key from lastRenewalBy + ttl on.
      expect(performance.now()).toBeLessThan(lastRenewalBy + timings.ttlMs);
    } finally {
      await recover();
    }
    const again = await vi.waitFor(async () => held(await hold(nodeA, 'A', id, [], a.token)), { timeout: 10_000, interval: 100 });
    expect(again.token).toBeGreaterThan(a.token);
  });
});
