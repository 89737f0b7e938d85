import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { OriginPolicy } from '../http/origin.js';
import { refuseCrossSite } from '../http/requestGuard.js';
import type { SessionRegistry } from '../sessions/registry.js';
import type { OwnerLink } from './ownerLink.js';
import type { WorkerBoard } from './workerBoard.js';

/**
 * `POST /api/sessions` on a node without a free worker goes to the node with the most free ones, which creates and
 * trains the session. False when this node has room, or no node has: it then creates the session here (hibernated,
 * [R39]).
 */
export async function placeNewSession(registry: SessionRegistry, workers: WorkerBoard, policy: OriginPolicy, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (registry.hasRoom() || refuseCrossSite(policy, req, '/api/sessions') !== null) return false;
  const roomy = await workers.roomiest(true).catch(() => null);
  if (roomy === null || roomy.address === null) return false;
  await proxyRequest(req, res, new URL(req.url ?? '/api/sessions', roomy.address), `node ${roomy.nodeId}, which has free workers,`);
  return true;
}

const SESSION_ROUTE = /^\/api\/sessions\/([^/]+)(?:\/|$)/;

/**
 * Hands a REST request about a session another node trains (its metrics, model, rename, fork, upload, delete) on to
 * that node and streams the answer back, so any node answers any URL. The request passes this node's own checks
 * first ({@link refuseCrossSite}); the owner then sees it as addressed to itself, without an Origin. False when the
 * request is this node's to answer (not a session route, trained here, refused, or nobody trains it).
 */
export async function relayToOwner(link: OwnerLink, policy: OriginPolicy, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
  const match = SESSION_ROUTE.exec(pathname);
  if (match === null || refuseCrossSite(policy, req, pathname) !== null) return false;
  let id: string;
  try {
    id = decodeURIComponent(match[1]!);
  } catch {
    return false;
  }
  const where = await link.locate(id).catch(() => null);
  if (where?.at !== 'node') return false;
  const address = await link.node.presence.addressOf(where.nodeId).catch(() => null);
  if (address === null) return false;
  await proxyRequest(req, res, new URL(req.url ?? pathname, address), `the server training session ${id}`);
  return true;
}

/**
 * Sends `req` on to `target` (another node, which sees it addressed to itself and without an Origin) and streams its
 * answer back; 502 `owner_unreachable` naming `who` when it does not answer.
 */
export async function proxyRequest(req: IncomingMessage, res: ServerResponse, target: URL, who: string): Promise<void> {
  const headers = { ...req.headers, host: target.host };
  delete headers.origin;
  await new Promise<void>((resolve) => {
    const upstream = request(target, { method: req.method ?? 'GET', headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', resolve);
      answer.on('error', () => (res.destroy(), resolve()));
    });
    upstream.on('error', (err) => {
      if (!res.headersSent) {
        const body = JSON.stringify({ error: { code: 'owner_unreachable', message: `${who} did not answer: ${err.message}` } });
        res.writeHead(502, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
      } else res.destroy();
      resolve();
    });
    req.pipe(upstream);
  });
}
