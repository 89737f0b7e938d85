import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Result } from '@liveprop/core';
import type { RestError, SessionLinks } from '@liveprop/protocol';
import type { Logger } from 'pino';
import type { SessionRegistry } from '../sessions/registry.js';
import { readJsonBody } from './body.js';
import { deleteSession, renameSession } from './editSession.js';
import { forkSession } from './forkSession.js';
import type { OriginPolicy } from './origin.js';
import { apiPathParts, refuseCrossSite } from './requestGuard.js';
import { sendMetricsCsv } from './metricsCsv.js';
import { sendMetricsJson } from './metricsJson.js';
import { resolveSessionRequest } from './sessionConfig.js';
import { parseListQuery, type SessionPage } from './lobbyRest.js';
import { readQuery } from './queryParams.js';
import { uploadCsv } from './uploadCsv.js';
import type { SessionQuery } from '../storage/types.js';

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

const sendError = (res: ServerResponse, status: number, code: string, message: string): void => {
  const body: RestError = { error: { code, message } };
  sendJson(res, status, body);
};

/** The public base URL of a request, for share links. */
function originOf(req: IncomingMessage): string {
  return `http://${req.headers.host ?? 'localhost'}`;
}

async function createSession(req: IncomingMessage, res: ServerResponse, registry: SessionRegistry): Promise<void> {
  const body = await readJsonBody(req, MAX_BODY_BYTES);
  if (!body.ok) return sendError(res, body.code === 'too_large' ? 413 : 400, body.code, body.message);
  const request = resolveSessionRequest(body.value);
  if (!request.ok) return sendError(res, 400, request.code, request.message);
  // The worker starts at the requested speed; a session created hibernated (no worker free) wakes at it.
  const created = await registry.create(request.value.config, request.value.name, request.value.speed ?? null);
  if (!created.ok) return sendError(res, created.code === 'busy' ? 503 : 400, created.code, created.message);
  const { session, editToken } = created.value;
  const viewUrl = `${originOf(req)}/s/${session.id}`;
  const links: SessionLinks = { id: session.id, editUrl: `${viewUrl}#edit=${editToken}`, viewUrl };
  sendJson(res, 201, links);
}

/** `GET /api/sessions/:id/model.json` ([R24]); it reads no query parameters. */
async function sendModel(req: IncomingMessage, res: ServerResponse, registry: SessionRegistry, id: string): Promise<void> {
  const query = readQuery(req.url, 'model.json', []);
  if (!query.ok) return sendError(res, 400, query.code, query.message);
  const session = await registry.acquire(id);
  if (session === undefined) return sendError(res, 404, 'unknown_session', `no session with id "${id}"`);
  const asked = await registry.withWorker(session, () => session.workerHandle.request({ kind: 'model' }));
  if (!asked.ok) return sendError(res, asked.code === 'busy' ? 503 : 500, asked.code, asked.message);
  const reply = asked.value;
  if (!reply.result.ok) return sendError(res, 500, reply.result.code, reply.result.message);
  res.setHeader('content-disposition', `attachment; filename="${id}.model.json"`);
  sendJson(res, 200, reply.result.value);
}

/** Reads one lobby page: the registry's, or in cluster mode the cluster's. */
export type LobbyPages = (query: SessionQuery) => Promise<Result<SessionPage>>;

/** `GET /api/sessions?offset=&limit=&q=&status=&related=`: one lobby page, newest first; the count of all matches in `x-total-count`. */
async function sendSessionList(req: IncomingMessage, res: ServerResponse, pages: LobbyPages): Promise<void> {
  const query = parseListQuery(req.url);
  if (!query.ok) return sendError(res, 400, query.code, query.message);
  const page = await pages(query.value);
  if (!page.ok) return sendError(res, 500, page.code, page.message);
  res.setHeader('x-total-count', String(page.value.total));
  sendJson(res, 200, page.value.sessions);
}

/** Answers `/api/*` requests; returns false when the path is not an API route. `pages` replaces the registry's lobby (cluster mode). */
export async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  registry: SessionRegistry,
  log: Logger,
  policy: OriginPolicy,
  pages: LobbyPages = (query) => registry.page(query),
): Promise<boolean> {
  if (!pathname.startsWith('/api/')) return false;
  const refused = refuseCrossSite(policy, req, pathname);
  if (refused) return (sendError(res, refused.status, refused.code, refused.message), true);
  const path = apiPathParts(pathname);
  if (!path.ok) return (sendError(res, path.refusal.status, path.refusal.code, path.refusal.message), true);
  const parts = path.parts;
  const method = req.method ?? 'GET';
  if (method !== 'GET') {
    // Only GETs read a query string; anything after `?` on a write is a mistake the caller should hear about ([R41]).
    const query = readQuery(req.url, `${method} ${pathname}`, []);
    if (!query.ok) return (sendError(res, 400, query.code, query.message), true);
  }
  try {
    if (parts.length === 2 && parts[1] === 'sessions') {
      if (method === 'GET') await sendSessionList(req, res, pages);
      else if (method === 'POST') await createSession(req, res, registry);
      else sendError(res, 405, 'method_not_allowed', `${method} is not allowed on /api/sessions; use GET or POST`);
      return true;
    }
    if (parts.length === 3 && parts[1] === 'sessions') {
      const id = parts[2]!;
      if (method === 'PATCH') return (await renameSession(req, res, registry, id, sendError), true);
      if (method === 'DELETE') return (await deleteSession(req, res, registry, id, sendError), true);
      sendError(res, 405, 'method_not_allowed', `${method} is not allowed on /api/sessions/:id; use PATCH or DELETE`);
      return true;
    }
    if (parts.length === 4 && parts[1] === 'sessions' && parts[3] === 'dataset' && method === 'POST') {
      return (await uploadCsv(req, res, registry, parts[2]!, sendError, sendJson), true);
    }
    if (parts.length === 4 && parts[1] === 'sessions' && parts[3] === 'fork' && method === 'POST') {
      return (await forkSession(req, res, registry, parts[2]!, originOf(req), sendError, sendJson), true);
    }
    if (parts.length === 4 && parts[1] === 'sessions' && method === 'GET') {
      const id = parts[2]!;
      if (parts[3] === 'metrics.csv') return (await sendMetricsCsv(req, res, registry, id, sendError), true);
      if (parts[3] === 'metrics.json') return (await sendMetricsJson(req, res, registry, id, sendError, sendJson), true);
      if (parts[3] === 'model.json') return (await sendModel(req, res, registry, id), true);
    }
    sendError(res, 404, 'not_found', `no API route ${method} ${pathname}`);
  } catch (err) {
    log.error({ err: (err as Error).message, path: pathname }, 'API handler failed');
    if (!res.headersSent) sendError(res, 500, 'internal', 'the server failed to answer this request');
    else res.destroy();
  }
  return true;
}
