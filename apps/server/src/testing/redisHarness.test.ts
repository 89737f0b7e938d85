import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectRedis, type RedisClient } from '../cluster/redisClient.js';
import { redisServerBinary, startRedis, type RedisHarness } from './redisHarness.js';

describe('redisHarness', () => {
  let redis: RedisHarness;
  let client: RedisClient;
  beforeAll(async () => {
    redis = await startRedis();
    client = await connectRedis(redis.url, { name: 'harness-test', stallMs: 500 });
  });
  afterAll(async () => {
    client.destroy();
    await redis.close();
  });

  it('starts a real redis-server on a free port of 127.0.0.1', async () => {
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(await client.ping()).toBe('PONG');
    const info = await client.info('server');
    expect(info).toMatch(new RegExp(`tcp_port:${redis.port}\\b`));
    expect(info).toMatch(/redis_version:\d+\./);
  });

  it('gives two harnesses different ports', async () => {
    const other = await startRedis();
    try {
      expect(other.port).not.toBe(redis.port);
    } finally {
      await other.close();
    }
  });

  it('restarts on the same port, empty, and a client reconnects by itself', async () => {
    await client.set('kept?', 'yes');
    await redis.stop();
    await expect(client.get('kept?')).rejects.toThrow();
    await redis.start();
    await vi.waitFor(async () => expect(await client.ping()).toBe('PONG'), { timeout: 5_000, interval: 50 });
    expect(await client.get('kept?')).toBeNull();
  });

  it('freezes: a command fails once the connection is silent for the stall time, and works after thaw', async () => {
    redis.freeze();
    try {
      await expect(client.ping()).rejects.toThrow(/didn't receive any in 500ms/);
    } finally {
      redis.thaw();
    }
    await vi.waitFor(async () => expect(await client.ping()).toBe('PONG'), { timeout: 5_000, interval: 50 });
  });

  it('fails loudly, naming the binary, when redis-server is missing', () => {
    const saved = process.env['REDIS_SERVER'];
    process.env['REDIS_SERVER'] = '/nonexistent/redis-server';
    try {
      expect(() => redisServerBinary()).toThrow(/\/nonexistent\/redis-server.*install it/);
    } finally {
      if (saved === undefined) delete process.env['REDIS_SERVER'];
      else process.env['REDIS_SERVER'] = saved;
    }
  });
});
