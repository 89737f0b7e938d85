import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRedis, type RedisHarness } from '../testing/redisHarness.js';
import { joinCluster } from './clusterNode.js';
import { clusterKeys } from './keys.js';
import { RelayWriter } from './relayWriter.js';

describe('joinCluster', () => {
  let redis: RedisHarness;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.close();
  });

  it('two nodes: a frame one appends reaches the other’s listener, a command one forwards the other answers', async () => {
    const owner = await joinCluster(redis.url, { nodeId: 'owner', handle: (c) => ({ ok: true, value: c.body }) });
    const gateway = await joinCluster(redis.url, { nodeId: 'gateway', handle: () => ({ ok: false, code: 'not-owner', message: '' }) });
    try {
      const frames: string[] = [];
      await gateway.reader.subscribe('s1', { frame: (e) => frames.push(e.bytes.toString()), snapshot: () => {}, resync: () => {}, deleted: () => {} });
      expect(await new RelayWriter(owner.redis, 's1', 'st', 1).append(1, Buffer.from('hello'))).toEqual({ ok: true });
      await vi.waitFor(() => expect(frames).toEqual(['hello']), { timeout: 5_000 });
      expect(await gateway.inbox.forward('owner', 's1', { type: 'play' })).toEqual({ ok: true, value: { type: 'play' } });
      await gateway.presence.publish('s1', { count: 1, viewers: [] });
      expect((await owner.presence.read('s1')).nodes).toEqual(['gateway']);
    } finally {
      await gateway.close();
      await owner.close();
    }
    const checker = await joinCluster(redis.url, { nodeId: 'checker', handle: () => ({ ok: true }) });
    try {
      expect(await checker.redis.exists([clusterKeys.nodeAlive('owner'), clusterKeys.nodeAlive('gateway')])).toBe(0);
      expect((await checker.presence.read('s1')).nodes).toEqual([]);
    } finally {
      await checker.close();
    }
  });

  it('Redis unreachable: rejects naming the URL without its password, leaving nothing open', async () => {
    await redis.stop();
    try {
      await expect(joinCluster(`redis://:hunter2@127.0.0.1:${redis.port}`, { handle: () => ({ ok: true }) })).rejects.toThrow(
        `expected Redis at redis://:***@127.0.0.1:${redis.port} to accept a connection`,
      );
    } finally {
      await redis.start();
    }
  });
});
