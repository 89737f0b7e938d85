/**
 * Opens the session store in a PostgreSQL database (`LIVEPROP_DATABASE_URL`): connects, checks and migrates the
 * schema, and answers a `Store` whose calls never reject for a lost server. Messages name the URL without its
 * password.
 */
import pg from 'pg';
import { failure, success } from '../storeErrors.js';
import type { Store, StoreResult } from '../types.js';
import { pgCheckpointCalls } from './pgCheckpointCalls.js';
import { ignore, PgContext } from './pgContext.js';
import { pgFailureOf } from './pgErrors.js';
import { pgEventCalls } from './pgEventCalls.js';
import { pgLobbyCalls } from './pgLobbyCalls.js';
import { pgMetricCalls } from './pgMetricCalls.js';
import { migratePostgres } from './pgMigrations.js';
import { pgSessionCalls } from './pgSessionCalls.js';

export interface PostgresStoreOptions {
  /** Connections kept open at most; default 10. */
  poolSize?: number;
  /** Longest wait for a connection, and for one query's answer, ms; default 5 000 / 15 000. Past it: `unavailable`. */
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
  keepCheckpoints?: number;
  compressMetrics?: boolean;
}

/** `url` with the password removed, for messages and logs; an unparsable URL is not echoed at all. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

/** int8 (counts, epochs, times) as numbers: every value the store keeps fits in 2^53. */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (text: string) => Number(text) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/**
 * PostgreSQL ends a transaction of this store left idle this long, releasing its row locks. A process frozen
 * mid-write (SIGSTOP, a stalled VM) would otherwise hold its session's row until it wakes, and the node taking the
 * session over (after the 6 s lease) would wait on it. A live transaction never idles between queries that long.
 */
export const IDLE_IN_TRANSACTION_MS = 5_000;

/** The pool settings the store connects with. */
export function postgresPoolConfig(url: string, options: PostgresStoreOptions = {}): pg.PoolConfig {
  return {
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    query_timeout: options.queryTimeoutMs ?? 15_000,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
    types: TYPES,
  };
}

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<StoreResult<Store>> {
  const location = redactedUrl(url);
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return failure('invalid', 'LIVEPROP_DATABASE_URL is not a URL; expected postgres://user:password@host:port/database');
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    return failure('invalid', `expected a postgres:// URL, got ${location}`);
  }
  const keep = options.keepCheckpoints ?? 3;
  if (!Number.isSafeInteger(keep) || keep < 1) return failure('invalid', `expected keepCheckpoints to be a positive integer, got ${keep}`);
  const pool = new pg.Pool(postgresPoolConfig(url, options));
  // An idle connection that dies (server restart) must not take the process down; the next query reports it.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.on('error', ignore);
    try {
      const migrated = await migratePostgres(client, location);
      if (!migrated.ok) {
        client.release();
        await pool.end();
        return migrated;
      }
      client.release();
    } catch (err) {
      client.release(err instanceof Error ? err : undefined);
      throw err;
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    const result = pgFailureOf(err, `open ${location}`);
    if (result === null) throw err;
    if (result.code !== 'unavailable') return result;
    const detail = (err as Error).message || String((err as { code?: string }).code);
    if (/^28/.test(String((err as { code?: string }).code))) {
      return failure('unavailable', `PostgreSQL at ${location} refused the login: ${detail}; fix the user or password in LIVEPROP_DATABASE_URL`);
    }
    return failure('unavailable', `cannot reach PostgreSQL at ${location}: ${detail}; start PostgreSQL or fix LIVEPROP_DATABASE_URL`);
  }
  const ctx = new PgContext(pool, location, keep, options.compressMetrics ?? true);
  return success({
    location,
    ...pgSessionCalls(ctx),
    ...pgEventCalls(ctx),
    ...pgMetricCalls(ctx),
    ...pgCheckpointCalls(ctx),
    ...pgLobbyCalls(ctx),
    async close() {
      if (ctx.closed) return success(undefined);
      ctx.closed = true;
      await pool.end();
      return success(undefined);
    },
  });
}
