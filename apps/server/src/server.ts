import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { ClusterMember } from './cluster/clusterMember.js';
import { handleApi, sendJson } from './http/api.js';
import { readQuery } from './http/queryParams.js';
import { originPolicy, type OriginPolicy } from './http/origin.js';
import { refuseHost } from './http/requestGuard.js';
import { DEFAULT_DASHBOARD_DIR, serveStatic } from './http/static.js';
import { SessionRegistry } from './sessions/registry.js';
import { restoreAtStart } from './sessions/restoreSessions.js';
import { StoreRecorder } from './sessions/storeRecorder.js';
import { openStore } from './storage/openStore.js';
import { openPostgresStore } from './storage/pg/openPostgresStore.js';
import type { SessionQuery, Store } from './storage/types.js';
import type { WorkerInit } from './sessions/workerProtocol.js';
import { DEFAULT_LIMITS, type ConnectionLimits } from './socket/connection.js';
import { attachSockets } from './socket/wsServer.js';

export interface ServerOptions {
  /** Interface to bind; default `127.0.0.1` (loopback only). */
  host?: string;
  /** Port; `0` picks a free one. Default 8080. */
  port?: number;
  /**
   * Data directory of the SQLite store (`LIVEPROP_DATA`): sessions, events, metrics and checkpoints survive a
   * restart and come back paused, loaded when first asked for. Without it nothing is persisted.
   */
  dataDir?: string;
  /**
   * PostgreSQL URL of the store (`LIVEPROP_DATABASE_URL`); wins over `dataDir`. Several servers may share one
   * database: each session's writes are fenced to the server that claimed it last.
   */
  databaseUrl?: string;
  /**
   * Redis URL of a cluster (`LIVEPROP_REDIS_URL`; needs `databaseUrl`): this server becomes one node of several that
   * share the store, train each session on one of them and serve any session from any of them.
   */
  redisUrl?: string;
  /** An opened store to record to instead of one opened from `dataDir` (tests wrap a real one); closed with the server. */
  store?: Store;
  /** How often running sessions checkpoint when persisting, ms (default 3 000). */
  checkpointEveryMs?: number;
  logger?: Logger;
  /** Built dashboard to serve at `/`; default `apps/dashboard/dist`. */
  dashboardDir?: string;
  /**
   * Origins allowed besides the server's own (`LIVEPROP_ALLOWED_ORIGINS`, e.g. `http://localhost:5173` for Vite):
   * they may open the WebSocket and send mutating REST requests, and their hosts are answered on loopback ([R34]).
   */
  allowedOrigins?: string[];
  heartbeatMs?: number;
  /** Most sessions holding a worker thread at once (`LIVEPROP_MAX_WORKERS`, [R39]); default 4 per core, at least 4. */
  maxWorkers?: number;
  /** A session neither training nor touched for this long hibernates, ms (`LIVEPROP_HIBERNATE_AFTER`, [R39]). */
  hibernateAfterMs?: number;
  /** Worker threads started ahead so a wake skips the thread start (`LIVEPROP_SPARE_WORKERS`, [R39]); within the cap. */
  spareWorkers?: number;
  limits?: Partial<ConnectionLimits>;
  worker?: Partial<Omit<WorkerInit, 'config'>>;
  /** Resume buffer per session: frames and characters kept ([R4], [R13]). */
  ring?: { frames: number; chars: number };
}

export interface RunningServer {
  /** `http://host:port` actually bound. */
  url: string;
  port: number;
  registry: SessionRegistry;
  /** Stops accepting, closes every socket and session worker. */
  close(): Promise<void>;
}

/**
 * Starts the HTTP + WebSocket server and resolves once it listens (and stored sessions are back). Rejects when the
 * data dir cannot be used (locked by another server, corrupt, read-only) or the port cannot be bound.
 */
export async function createServer(options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const host = options.host ?? '127.0.0.1';
  const dashboardDir = options.dashboardDir ?? DEFAULT_DASHBOARD_DIR;
  let recorder: StoreRecorder | undefined;
  if (options.redisUrl !== undefined && options.databaseUrl === undefined) {
    throw new Error('cluster mode (LIVEPROP_REDIS_URL) needs the shared PostgreSQL store: set LIVEPROP_DATABASE_URL too');
  }
  if (options.store !== undefined) {
    recorder = new StoreRecorder(options.store, logger.child({ component: 'store' }));
  } else if (options.databaseUrl !== undefined) {
    const opened = await openPostgresStore(options.databaseUrl);
    if (!opened.ok) throw new Error(`cannot open the session store: ${opened.code}: ${opened.message}`);
    recorder = new StoreRecorder(opened.value, logger.child({ component: 'store' }));
  } else if (options.dataDir !== undefined) {
    const opened = openStore(options.dataDir);
    if (!opened.ok) throw new Error(`cannot open the session store in ${options.dataDir}: ${opened.code}: ${opened.message}`);
    recorder = new StoreRecorder(opened.value, logger.child({ component: 'store' }));
  }
  const cluster = options.redisUrl === undefined ? null : new ClusterMember(options.redisUrl, logger.child({ component: 'cluster' }));
  const registry = new SessionRegistry({
    logger,
    ...(cluster === null ? {} : { placement: cluster.placement }),
    ...(recorder === undefined ? {} : { recorder }),
    ...(options.checkpointEveryMs === undefined ? {} : { checkpointEveryMs: options.checkpointEveryMs }),
    ...(options.maxWorkers === undefined ? {} : { maxWorkers: options.maxWorkers }),
    ...(options.hibernateAfterMs === undefined ? {} : { hibernateAfterMs: options.hibernateAfterMs }),
    ...(options.spareWorkers === undefined ? {} : { spareWorkers: options.spareWorkers }),
    ...(options.worker === undefined ? {} : { worker: options.worker }),
    ...(options.ring === undefined ? {} : { ring: options.ring }),
  });
  if (cluster !== null && recorder !== undefined) {
    try {
      await cluster.join(registry, recorder.store);
    } catch (err) {
      await recorder.store.close();
      throw err;
    }
  }
  const httpLog = logger.child({ component: 'http' });
  // Set once listening: the origins come from the bound address and port, never from a request.
  let policy: OriginPolicy = { origins: new Set(), hosts: new Set() };

  const server = createHttpServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    // Only the path is logged: query strings are the client's business and fragments never reach a server.
    httpLog.debug({ method: req.method, path: pathname }, 'request');
    const wrongHost = refuseHost(policy, req);
    if (wrongHost) {
      sendJson(res, wrongHost.status, { error: { code: wrongHost.code, message: wrongHost.message } });
      return;
    }
    if (pathname === '/healthz') {
      const query = readQuery(req.url, '/healthz', []);
      if (!query.ok) {
        sendJson(res, 400, { error: { code: query.code, message: query.message } });
        return;
      }
      const health = cluster?.health();
      sendJson(res, 200, { ok: true, ...registry.stats(), uptimeSeconds: Math.round(process.uptime()), ...(health ? { cluster: health } : {}) });
      return;
    }
    const pages = cluster === null ? undefined : (query: SessionQuery) => cluster.page(registry, query);
    const relayed = cluster === null ? Promise.resolve(false) : cluster.relay(req, res, pathname, policy);
    void relayed.then((done) => done || handleApi(req, res, pathname, registry, httpLog, policy, pages)).then((handled) => {
      if (handled) return;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      serveStatic(res, pathname, dashboardDir, req.method === 'HEAD');
    });
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  const sockets = attachSockets(server, {
    registry,
    logger,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    heartbeatMs: options.heartbeatMs ?? 15_000,
    policy: () => policy,
    ...(cluster?.remoteSessions === undefined ? {} : { remoteSessions: cluster.remoteSessions }),
    ...(cluster === null ? {} : { redisHealth: () => cluster.currentRedisHealth() }),
  });
  cluster?.onRedisHealth((redis) => sockets.tellHealth(redis));

  // A cluster's nodes share the store: each session comes to the node that takes its lease.
  if (recorder !== undefined && cluster === null) await restoreAtStart(recorder.store, registry, logger);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8080, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    sockets.close();
    await registry.closeAll();
    await cluster?.leave();
    await recorder?.flush();
    await recorder?.store.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  policy = originPolicy(host, port, options.allowedOrigins ?? []);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  await cluster?.advertise(url);
  logger.info({ url }, 'liveprop server listening');

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    registry,
    close(): Promise<void> {
      closing ??= (async () => {
        sockets.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await registry.closeAll();
        await cluster?.leave();
        await recorder?.flush();
        await recorder?.store.close();
        logger.info('liveprop server stopped');
      })();
      return closing;
    },
  };
}
