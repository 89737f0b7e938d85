import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRedis, type RedisHarness } from '../testing/redisHarness.js';
import { connectRedis } from './redisClient.js';

describe('connectRedis', () => {
  let redis: RedisHarness;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.close();
  });

  it('names itself, so CLIENT LIST tells a node’s connections apart', async () => {
    const client = await connectRedis(redis.url, { name: 'liveprop:node-a:relay' });
    try {
      expect(await client.clientList()).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'liveprop:node-a:relay' })]));
    } finally {
      client.destroy();
    }
  });

  it('rejects a first connect that fails, naming the URL without its password', async () => {
    await redis.stop();
    try {
      const url = `redis://app:hunter2@127.0.0.1:${redis.port}`;
      const failed = connectRedis(url, { name: 'unreachable' });
      await expect(failed).rejects.toThrow(`expected Redis at redis://app:***@127.0.0.1:${redis.port} to accept a connection`);
      await expect(failed).rejects.not.toThrow(/hunter2/);
    } finally {
      await redis.start();
    }
  });

  it('fails commands at once while Redis is away instead of queueing them, reports the loss, and reconnects by itself', async () => {
    const errors: Error[] = [];
    const client = await connectRedis(redis.url, { name: 'offline', onError: (err) => errors.push(err) });
    try {
      await redis.stop();
      await expect(client.set('late', 'write')).rejects.toThrow(/offline|closed/i);
      expect(errors.length).toBeGreaterThan(0);
      await redis.start();
      await vi.waitFor(async () => expect(await client.get('late')).toBeNull(), { timeout: 5_000, interval: 50 });
    } finally {
      client.destroy();
    }
  });
});
