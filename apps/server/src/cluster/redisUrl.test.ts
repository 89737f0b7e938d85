import { describe, expect, it } from 'vitest';
import { parseRedisUrl, readClusterMode, redactUrl } from './redisUrl.js';

describe('LIVEPROP_REDIS_URL', () => {
  it('unset or blank keeps the single-node server', () => {
    expect(readClusterMode({})).toEqual({ ok: true, value: { mode: 'single' } });
    expect(readClusterMode({ LIVEPROP_REDIS_URL: '  ' })).toEqual({ ok: true, value: { mode: 'single' } });
  });

  it('a redis URL turns on cluster mode, with a loggable form that hides the password', () => {
    expect(readClusterMode({ LIVEPROP_REDIS_URL: 'redis://app:s3cret@cache.internal:6380/2' })).toEqual({
      ok: true,
      value: { mode: 'cluster', redisUrl: 'redis://app:s3cret@cache.internal:6380/2', redisUrlForLogs: 'redis://app:***@cache.internal:6380/2' },
    });
    expect(parseRedisUrl('rediss://127.0.0.1')).toEqual({ ok: true, value: 'rediss://127.0.0.1' });
    expect(parseRedisUrl('redis://localhost:6379/')).toEqual({ ok: true, value: 'redis://localhost:6379/' });
  });

  it.each([
    ['not a url', 'is not a URL'],
    ['http://u:pw@host:6379', 'has scheme http: instead of redis: or rediss:'],
    ['redis://u:pw@host:99999', 'is not a URL'],
    ['redis://u:pw@host:0', 'has port 0'],
    ['redis://u:pw@host/cache', 'has path /cache where a database number belongs'],
    ['redis://u:pw@host/1?tls=1', 'has a query or fragment'],
  ])('rejects %s, naming the URL without its password', (raw, why) => {
    const result = readClusterMode({ LIVEPROP_REDIS_URL: raw });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('invalid-redis-url');
    expect(result.message).toContain(why);
    expect(result.message).toContain(JSON.stringify(redactUrl(raw)));
    expect(result.message).not.toContain('pw');
  });

  it('masks every form of password, also in URLs that do not parse', () => {
    expect(redactUrl('redis://:only-pass@h:1')).toBe('redis://:***@h:1');
    expect(redactUrl('redis://user:p@ss/w@rd@h:1/0')).toBe('redis://user:***@h:1/0');
    expect(redactUrl('redis://lonetoken@h')).toBe('redis://***@h');
    expect(redactUrl('redis://h:6379/0')).toBe('redis://h:6379/0');
    expect(redactUrl('no scheme user:pw@h')).toBe('no scheme user:pw@h');
  });
});
