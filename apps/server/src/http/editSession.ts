import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Result } from '@liveprop/core';
import { parseRest, renameRequestSchema } from '@liveprop/protocol';
import type { SessionRegistry } from '../sessions/registry.js';
import type { Session } from '../sessions/session.js';
import { tokenMatches } from '../sessions/tokens.js';
import { readJsonBody } from './body.js';

/** Answers an HTTP error with `{error:{code, message}}`. */
export type SendError = (res: ServerResponse, status: number, code: string, message: string) => void;

const MAX_NAME_BODY_BYTES = 4096;

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(req: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match ? match[1]! : null;
}

/** Session `id` when the request carries its edit token; otherwise answers 404 or 403 and returns null. */
export async function authorize(req: IncomingMessage, res: ServerResponse, registry: SessionRegistry, id: string, sendError: SendError): Promise<Session | null> {
  const session = await registry.acquire(id);
  if (session === undefined) {
    sendError(res, 404, 'unknown_session', `no session with id "${id.slice(0, 64)}"`);
    return null;
  }
  const token = bearerToken(req);
  if (token === null || !tokenMatches(token, session.editTokenHash)) {
    const why = token === null ? 'no "Authorization: Bearer <edit token>" header' : 'the bearer token is not this session\'s edit token';
    sendError(res, 403, 'forbidden', `only editors may change session "${id}": ${why}`);
    return null;
  }
  return session;
}

/** Reads `{"name"}` from an untrusted body: a string of 1 to 100 characters after trimming ([R21]). */
export function parseRename(body: unknown): Result<string> {
  const parsed = parseRest(renameRequestSchema, body, 'invalid_name');
  return parsed.ok ? { ok: true, value: parsed.value.name } : parsed;
}

/** `PATCH /api/sessions/:id` with `{"name"}` and the edit token ([R21]). */
export async function renameSession(req: IncomingMessage, res: ServerResponse, registry: SessionRegistry, id: string, sendError: SendError): Promise<void> {
  const session = await authorize(req, res, registry, id, sendError);
  if (session === null) return;
  const body = await readJsonBody(req, MAX_NAME_BODY_BYTES);
  if (!body.ok) return sendError(res, body.code === 'too_large' ? 413 : 400, body.code, body.message);
  const name = parseRename(body.value);
  if (!name.ok) return sendError(res, 400, name.code, name.message);
  registry.rename(session, name.value);
  res.writeHead(204, { 'cache-control': 'no-store' }).end();
}

/** `DELETE /api/sessions/:id` with the edit token ([R21]). */
export async function deleteSession(req: IncomingMessage, res: ServerResponse, registry: SessionRegistry, id: string, sendError: SendError): Promise<void> {
  if ((await authorize(req, res, registry, id, sendError)) === null) return;
  req.resume();
  if (!(await registry.delete(id))) return sendError(res, 404, 'unknown_session', `session "${id}" was deleted meanwhile`);
  res.writeHead(204, { 'cache-control': 'no-store' }).end();
}
