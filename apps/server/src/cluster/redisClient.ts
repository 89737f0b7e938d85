import { createClient, RESP_TYPES } from 'redis';
import { REDIS_PING_MS, REDIS_RECONNECT_MAX_MS, REDIS_STALL_MS } from './clusterConfig.js';
import { redactUrl } from './redisUrl.js';

export type RedisClient = ReturnType<typeof createNodeClient>;

/** Type mapping for `withTypeMapping`: bulk strings come back as Buffers, so frame bytes arrive exactly as written. */
export const AS_BUFFERS = { [RESP_TYPES.BLOB_STRING]: Buffer } as const;

export interface ConnectOptions {
  /** Shown by `CLIENT LIST` (e.g. `liveprop:node-a:relay`), so an operator can tell a node's connections apart. */
  name: string;
  /** Told about connection errors after the first connect; the client keeps reconnecting by itself. */
  onError?: (err: Error) => void;
  /** See {@link REDIS_STALL_MS}. */
  stallMs?: number;
}

/**
 * Connects one client. Commands fail at once while Redis is away (no offline queue: a lease renewal or a frame must
 * not be replayed minutes late) and when the connection has been silent for `stallMs` (idle connections PING).
 * The first connect failing rejects with the URL (password masked); later losses reconnect by themselves with a
 * backoff of at most {@link REDIS_RECONNECT_MAX_MS}.
 */
export async function connectRedis(url: string, options: ConnectOptions): Promise<RedisClient> {
  let connected = false;
  const client = createNodeClient(url, options, () => connected);
  client.on('error', (err: Error) => {
    if (connected) options.onError?.(err);
  });
  await client.connect();
  connected = true;
  return client;
}

function createNodeClient(url: string, options: ConnectOptions, wasConnected: () => boolean) {
  return createClient({
    url,
    name: options.name,
    disableOfflineQueue: true,
    pingInterval: Math.min(REDIS_PING_MS, (options.stallMs ?? REDIS_STALL_MS) / 2),
    socket: {
      socketTimeout: options.stallMs ?? REDIS_STALL_MS,
      reconnectStrategy: (retries, cause) =>
        wasConnected() ? Math.min(50 * 2 ** retries, REDIS_RECONNECT_MAX_MS) : new RedisUnreachableError(url, cause),
    },
  });
}

/** Redis did not answer the first connect. */
export class RedisUnreachableError extends Error {
  constructor(url: string, cause: Error) {
    super(`expected Redis at ${redactUrl(url)} to accept a connection, got: ${cause.message}`, { cause });
    this.name = 'RedisUnreachableError';
  }
}

