import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { isAllowedOrigin, type OriginPolicy } from '../http/origin.js';
import { refuseHost } from '../http/requestGuard.js';
import type { RedisHealth } from '../cluster/clusterMember.js';
import type { RemoteSessions } from '../cluster/remoteSessions.js';
import type { SessionRegistry } from '../sessions/registry.js';
import { Connection, type ConnectionLimits } from './connection.js';

export interface SocketOptions {
  registry: SessionRegistry;
  logger: Logger;
  limits: ConnectionLimits;
  heartbeatMs: number;
  /** Who may open a socket ([R34]); read per upgrade, since the port is known only once listening. */
  policy: () => OriginPolicy;
  /** Cluster mode: sessions other nodes train, joinable here. */
  remoteSessions?: RemoteSessions;
  /** Cluster mode: whether this server has Redis now, told to each socket greeted while it has not ([R40]). */
  redisHealth?: () => RedisHealth;
}

/** Hard cap for a frame ws will buffer at all; frames between 64 KiB and this get `too_large` + 4009 ([R6]). */
const WS_MAX_PAYLOAD = 1024 * 1024;

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Accepts WebSocket upgrades on `/ws` only, addressed to one of the server's hosts, from no Origin or an allowed one,
 * and runs the heartbeat over every connection. Returns a function that stops it.
 */
export function attachSockets(server: Server, options: SocketOptions): { connections: Set<Connection>; tellHealth(redis: RedisHealth): void; close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD, perMessageDeflate: false });
  const connections = new Set<Connection>();
  const log = options.logger.child({ component: 'ws' });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/ws') return reject(socket, 404, 'Not Found');
    const wrongHost = refuseHost(options.policy(), req);
    if (wrongHost) {
      log.warn({ host: req.headers.host?.slice(0, 100) }, 'refused WebSocket upgrade for a foreign Host');
      return reject(socket, 421, 'Misdirected Request');
    }
    if (!isAllowedOrigin(options.policy(), req.headers.origin)) {
      log.warn({ origin: req.headers.origin }, 'refused WebSocket upgrade from a foreign origin');
      return reject(socket, 403, 'Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new Connection(ws, options.registry, options.logger, options.limits, socket, options.remoteSessions ?? null, options.redisHealth ?? null);
      connections.add(connection);
      ws.on('close', () => connections.delete(connection));
    });
  });

  const timer = setInterval(() => {
    for (const c of connections) c.heartbeat();
  }, options.heartbeatMs);
  timer.unref();

  return {
    connections,
    tellHealth(redis: RedisHealth): void {
      for (const c of connections) c.tellHealth(redis);
    },
    close(): void {
      clearInterval(timer);
      for (const c of connections) c.drop(1001, 'server shutting down');
      wss.close();
    },
  };
}
