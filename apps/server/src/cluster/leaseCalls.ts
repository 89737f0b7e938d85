import { clusterKeys } from './keys.js';
import type { RedisClient } from './redisClient.js';

/** Who holds a session's lease, and the fencing token they were given with it. */
export interface LeaseHolder {
  nodeId: string;
  token: number;
}

export type AcquireResult = { ok: true; token: number } | { ok: false; holder: LeaseHolder };

// Takes the lease if nobody holds it and draws the next fencing token in the same step, so no two holders ever share
// a token. ARGV[3] is a floor: after Redis lost its data, tokens still rise above the last one the store accepted.
const ACQUIRE = `
local holder = redis.call('GET', KEYS[1])
if holder then return {0, holder} end
local fence = tonumber(redis.call('GET', KEYS[2]) or '0')
if fence < tonumber(ARGV[3]) then redis.call('SET', KEYS[2], ARGV[3]) end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '#' .. token, 'PX', ARGV[2])
return {token, ''}`;

// Extends or deletes the lease only while it is still this holder's: a holder whose lease lapsed and was taken by
// another node must not extend or delete the new one.
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** One try at taking `sessionId` for `nodeId`, with a token above `minToken`. Throws when Redis does not answer. */
export async function acquireLease(redis: RedisClient, sessionId: string, nodeId: string, ttlMs: number, minToken = 0): Promise<AcquireResult> {
  const keys = [clusterKeys.lease(sessionId), clusterKeys.fence(sessionId)];
  const reply = await redis.eval(ACQUIRE, { keys, arguments: [nodeId, String(ttlMs), String(minToken)] });
  if (!Array.isArray(reply) || typeof reply[0] !== 'number') throw new Error(`expected [token, holder] from the lease script, got ${JSON.stringify(reply)}`);
  if (reply[0] > 0) return { ok: true, token: reply[0] };
  return { ok: false, holder: parseHolder(String(reply[1])) };
}

/** Extends the lease by `ttlMs` if `holder` still holds it; false when it does not. */
export async function renewLease(redis: RedisClient, sessionId: string, holder: LeaseHolder, ttlMs: number): Promise<boolean> {
  const reply = await redis.eval(RENEW, { keys: [clusterKeys.lease(sessionId)], arguments: [formatHolder(holder), String(ttlMs)] });
  return reply === 1;
}

/** Gives the lease up if `holder` still holds it, so another node may take it at once. */
export async function releaseLease(redis: RedisClient, sessionId: string, holder: LeaseHolder): Promise<boolean> {
  const reply = await redis.eval(RELEASE, { keys: [clusterKeys.lease(sessionId)], arguments: [formatHolder(holder)] });
  return reply === 1;
}

/** The current holder, or null when the session is nobody's (its lease lapsed or was released). */
export async function leaseHolder(redis: RedisClient, sessionId: string): Promise<LeaseHolder | null> {
  const value = await redis.get(clusterKeys.lease(sessionId));
  return value === null ? null : parseHolder(value);
}

function formatHolder(holder: LeaseHolder): string {
  return `${holder.nodeId}#${holder.token}`;
}

function parseHolder(value: string): LeaseHolder {
  const hash = value.lastIndexOf('#');
  const token = Number(value.slice(hash + 1));
  if (hash < 0 || !Number.isSafeInteger(token)) throw new Error(`expected a lease value nodeId#token, got ${JSON.stringify(value)}`);
  return { nodeId: value.slice(0, hash), token };
}
