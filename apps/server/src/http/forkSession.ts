import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Result } from '@liveprop/core';
import { forkRequestSchema, parseRest, type ForkedSession } from '@liveprop/protocol';
import { forkLiveSession } from '../sessions/forkLive.js';
import type { SessionRegistry } from '../sessions/registry.js';
import { readJsonBody } from './body.js';
import { authorize, type SendError } from './editSession.js';

const MAX_FORK_BODY_BYTES = 4096;

/** Reads the optional `{"name"}` of a fork request ([R22]); an empty body means "no name". */
export function parseForkBody(body: unknown): Result<string | undefined> {
  const parsed = parseRest(forkRequestSchema, body ?? {}, 'invalid_name');
  return parsed.ok ? { ok: true, value: parsed.value.name } : parsed;
}

/** `POST /api/sessions/:id/fork` with the edit token: a new paused session at the source's current state ([R22]). */
export async function forkSession(req: IncomingMessage, res: ServerResponse, registry: SessionRegistry, id: string, origin: string, sendError: SendError, sendJson: (res: ServerResponse, status: number, body: unknown) => void): Promise<void> {
  const source = await authorize(req, res, registry, id, sendError);
  if (source === null) return;
  const body = await readJsonBody(req, MAX_FORK_BODY_BYTES);
  if (!body.ok) return sendError(res, body.code === 'too_large' ? 413 : 400, body.code, body.message);
  const name = parseForkBody(body.value);
  if (!name.ok) return sendError(res, 400, name.code, name.message);
  const forked = await forkLiveSession(registry, source, name.value);
  if (!forked.ok) return sendError(res, forked.code === 'busy' ? 503 : 500, forked.code, forked.message);
  const { session, editToken, forkEpoch } = forked.value;
  const viewUrl = `${origin}/s/${session.id}`;
  const answer: ForkedSession = { id: session.id, editUrl: `${viewUrl}#edit=${editToken}`, viewUrl, parentId: id, forkEpoch };
  sendJson(res, 201, answer);
}
