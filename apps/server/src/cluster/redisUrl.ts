import type { Result } from '@liveprop/core';

/** How the server runs: alone (no `LIVEPROP_REDIS_URL`, nothing changes) or as one node of a cluster. */
export type ClusterMode = { mode: 'single' } | { mode: 'cluster'; redisUrl: string; redisUrlForLogs: string };

/** Reads `LIVEPROP_REDIS_URL`; unset or blank means single-node mode. Errors name the URL without its password. */
export function readClusterMode(env: NodeJS.ProcessEnv): Result<ClusterMode> {
  const raw = env['LIVEPROP_REDIS_URL']?.trim() ?? '';
  if (raw === '') return { ok: true, value: { mode: 'single' } };
  const parsed = parseRedisUrl(raw);
  if (!parsed.ok) return parsed;
  return { ok: true, value: { mode: 'cluster', redisUrl: raw, redisUrlForLogs: parsed.value } };
}

/** Checks a `redis://` or `rediss://` URL; the value is the URL as it may be logged (password masked). */
export function parseRedisUrl(raw: string): Result<string> {
  const shown = redactUrl(raw);
  const fail = (why: string): Result<string> => ({
    ok: false,
    code: 'invalid-redis-url',
    message: `LIVEPROP_REDIS_URL ${JSON.stringify(shown)} ${why}; expected redis://[user:password@]host[:port][/db]`,
  });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('is not a URL');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return fail(`has scheme ${url.protocol} instead of redis: or rediss:`);
  if (url.hostname === '') return fail('names no host');
  if (url.port === '0') return fail('has port 0');
  if (url.pathname !== '' && url.pathname !== '/' && !/^\/\d{1,5}$/.test(url.pathname)) {
    return fail(`has path ${url.pathname} where a database number belongs`);
  }
  if (url.search !== '' || url.hash !== '') return fail('has a query or fragment, which the Redis client would ignore');
  return { ok: true, value: shown };
}

/**
 * The URL with the password part of its user info replaced by `***`, also when it does not parse: everything between
 * `://` and the last `@` is user info, so an unescaped `@` or `/` in a password does not leak its tail.
 */
export function redactUrl(raw: string): string {
  const authority = raw.indexOf('://') + 3;
  const at = raw.lastIndexOf('@');
  if (authority < 3 || at < authority) return raw;
  const userInfo = raw.slice(authority, at);
  const colon = userInfo.indexOf(':');
  const shown = colon < 0 ? '***' : `${userInfo.slice(0, colon)}:***`;
  return `${raw.slice(0, authority)}${shown}${raw.slice(at)}`;
}
