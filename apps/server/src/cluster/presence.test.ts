import type { Viewer } from '@liveprop/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRedis, type RedisHarness } from '../testing/redisHarness.js';
import { clusterKeys } from './keys.js';
import { PresenceBoard, type PresenceTimings } from './presenceBoard.js';
import { connectRedis, type RedisClient } from './redisClient.js';

const timings: PresenceTimings = { ttlMs: 800, heartbeatMs: 200 };
const viewer = (id: string, role: Viewer['role'] = 'viewer'): Viewer => ({ id, name: `name ${id}`, colour: '#336699', role });

describe('presence across nodes', () => {
  let redis: RedisHarness;
  let clientA: RedisClient;
  let clientB: RedisClient;
  let session = 0;
  const nextSession = (): string => `p${++session}`;

  beforeAll(async () => {
    redis = await startRedis();
    clientA = await connectRedis(redis.url, { name: 'node-a' });
    clientB = await connectRedis(redis.url, { name: 'node-b' });
  });
  afterAll(async () => {
    clientA.destroy();
    clientB.destroy();
    await redis.close();
  });

  it('both nodes see the same merged view: counts summed, editors first', async () => {
    const [a, b] = [new PresenceBoard(clientA, 'A', timings), new PresenceBoard(clientB, 'B', timings)];
    await a.start();
    await b.start();
    try {
      const id = nextSession();
      await a.publish(id, { count: 3, viewers: [viewer('a1'), viewer('a2')] });
      await b.publish(id, { count: 2, viewers: [viewer('b1', 'editor'), viewer('b2')] });
      const expected = { count: 5, viewers: [viewer('b1', 'editor'), viewer('a1'), viewer('a2'), viewer('b2')], nodes: ['A', 'B'] };
      expect(await a.read(id)).toEqual(expected);
      expect(await b.read(id)).toEqual(expected);
      await b.publish(id, { count: 0, viewers: [] });
      expect(await a.read(id)).toEqual({ count: 3, viewers: [viewer('a1'), viewer('a2')], nodes: ['A'] });
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('a dead node’s participants vanish within the presence TTL of its last heartbeat', async () => {
    const a = new PresenceBoard(clientA, 'A', timings);
    const deadClient = await connectRedis(redis.url, { name: 'node-dead' });
    const dead = new PresenceBoard(deadClient, 'D', timings);
    await a.start();
    await dead.start();
    try {
      const id = nextSession();
      await a.publish(id, { count: 1, viewers: [viewer('a1')] });
      await dead.publish(id, { count: 1, viewers: [viewer('d1')] });
      deadClient.destroy(); // the node's process is gone: no more heartbeats, no goodbye
      const diedAt = Date.now();
      expect((await a.read(id)).nodes).toEqual(['A', 'D']);
      const ttlLeft = await clientA.pTTL(clusterKeys.nodeAlive('D'));
      expect(ttlLeft).toBeGreaterThan(0);
      expect(ttlLeft).toBeLessThanOrEqual(timings.ttlMs);
      await vi.waitFor(async () => expect(await a.read(id)).toEqual({ count: 1, viewers: [viewer('a1')], nodes: ['A'] }), { timeout: 5_000, interval: 20 });
      expect(Date.now() - diedAt).toBeGreaterThanOrEqual(ttlLeft - 50);
      expect(await clientA.hKeys(clusterKeys.presence(id))).toEqual(['A']);
    } finally {
      await a.stop();
    }
  });

  it('the heartbeat keeps a quiet session’s presence alive past the TTL; a clean stop withdraws at once', async () => {
    const a = new PresenceBoard(clientA, 'A', timings);
    await a.start();
    const id = nextSession();
    await a.publish(id, { count: 1, viewers: [viewer('a1')] });
    await new Promise((resolve) => setTimeout(resolve, timings.ttlMs * 2));
    expect((await a.read(id)).count).toBe(1);
    await a.stop();
    expect(await new PresenceBoard(clientB, 'B', timings).read(id)).toEqual({ count: 0, viewers: [], nodes: [] });
    expect(await clientB.exists(clusterKeys.nodeAlive('A'))).toBe(0);
  });

  it('counts a lobby page’s sessions at once: summed over live nodes, none for a session nobody watches, dead nodes deleted', async () => {
    const [a, b] = [new PresenceBoard(clientA, 'A', timings), new PresenceBoard(clientB, 'B', timings)];
    await a.start();
    await b.start();
    try {
      const [both, onlyB, nobody, onlyDead] = [nextSession(), nextSession(), nextSession(), nextSession()];
      await a.publish(both, { count: 2, viewers: [viewer('a1'), viewer('a2')] });
      await b.publish(both, { count: 1, viewers: [viewer('b1', 'editor')] });
      await b.publish(onlyB, { count: 4, viewers: [viewer('b2')] });
      for (const id of [both, onlyDead]) await clientB.hSet(clusterKeys.presence(id), 'D', JSON.stringify({ count: 7, viewers: [] }));
      const counts = await a.counts([both, onlyB, nobody, onlyDead]);
      expect([...counts]).toEqual([[both, 3], [onlyB, 4], [nobody, 0], [onlyDead, 0]]);
      expect((await clientA.hKeys(clusterKeys.presence(both))).sort()).toEqual(['A', 'B']);
      expect(await clientA.exists(clusterKeys.presence(onlyDead))).toBe(0);
      expect(await a.counts([])).toEqual(new Map());
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('an entry that is not a presence (another version, a hand edit) is dropped, not trusted', async () => {
    const a = new PresenceBoard(clientA, 'A', timings);
    await a.start();
    try {
      const id = nextSession();
      await a.publish(id, { count: 1, viewers: [viewer('a1')] });
      await clientB.set(clusterKeys.nodeAlive('X'), '1', { PX: 10_000 });
      await clientB.hSet(clusterKeys.presence(id), 'X', JSON.stringify({ count: 1, viewers: [{ id: 'x', role: 'owner' }] }));
      expect(await a.read(id)).toEqual({ count: 1, viewers: [viewer('a1')], nodes: ['A'] });
    } finally {
      await a.stop();
    }
  });
});
