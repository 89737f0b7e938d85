import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { OriginPolicy } from '../http/origin.js';
import { refuseCrossSite } from '../http/requestGuard.js';
import type { OwnerLink } from './ownerLink.js';

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
  const target = new URL(req.url ?? pathname, address);
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
        const body = JSON.stringify({ error: { code: 'owner_unreachable', message: `the server training session ${id} did not answer: ${err.message}` } });
        res.writeHead(502, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
      } else res.destroy();
      resolve();
    });
    req.pipe(upstream);
  });
  return true;
}
