import { MAX_SESSION_NAME } from '@liveprop/protocol';
import { readRestError } from './restAnswer.js';

export { MAX_SESSION_NAME } from '@liveprop/protocol';

export type EditResult = { ok: true } | { ok: false; code: string; message: string };

/** Checks a name as the server will, so the lobby can say what is wrong before sending it. */
export function checkSessionName(raw: string): { ok: true; value: string } | { ok: false; code: 'invalid_name'; message: string } {
  const name = raw.trim();
  if (name.length === 0) return { ok: false, code: 'invalid_name', message: 'the name cannot be empty' };
  if (name.length > MAX_SESSION_NAME) {
    return { ok: false, code: 'invalid_name', message: `the name is ${name.length} characters long; at most ${MAX_SESSION_NAME} fit` };
  }
  return { ok: true, value: name };
}

async function send(method: 'PATCH' | 'DELETE', id: string, editToken: string, body?: unknown): Promise<EditResult> {
  try {
    const res = await fetch(`/api/sessions/${encodeURIComponent(id)}`, {
      method,
      headers: { authorization: `Bearer ${editToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return res.ok ? { ok: true } : await readRestError(res);
  } catch (err) {
    return { ok: false, code: 'network', message: `could not reach the server: ${(err as Error).message}` };
  }
}

/** `PATCH /api/sessions/:id` with the edit token; never throws. */
export function renameSession(id: string, editToken: string, name: string): Promise<EditResult> {
  return send('PATCH', id, editToken, { name });
}

/** `DELETE /api/sessions/:id` with the edit token; never throws. */
export function deleteSession(id: string, editToken: string): Promise<EditResult> {
  return send('DELETE', id, editToken);
}
