/** Longest session name the server accepts, after trimming ([R21]). */
export const MAX_SESSION_NAME = 100;

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
    if (res.ok) return { ok: true };
    const answer = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    return { ok: false, code: answer?.error?.code ?? `http_${res.status}`, message: answer?.error?.message ?? `the server answered ${res.status}` };
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
