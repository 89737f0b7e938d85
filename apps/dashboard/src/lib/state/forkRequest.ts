/** What `POST /api/sessions/:id/fork` answers. */
export interface ForkedSession {
  id: string;
  editUrl: string;
  viewUrl: string;
  parentId: string;
  forkEpoch: number;
}

export type ForkResult = { ok: true; value: ForkedSession } | { ok: false; message: string };

/** Forks session `id` at its current state with its edit token; never throws. */
export async function requestFork(id: string, editToken: string, name?: string): Promise<ForkResult> {
  try {
    const res = await fetch(`/api/sessions/${encodeURIComponent(id)}/fork`, {
      method: 'POST',
      headers: { authorization: `Bearer ${editToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(name === undefined ? {} : { name }),
    });
    const body = (await res.json()) as Partial<ForkedSession> & { error?: { message?: string } };
    if (res.status !== 201 || typeof body.editUrl !== 'string') {
      return { ok: false, message: body.error?.message ?? `the server answered ${res.status}` };
    }
    return { ok: true, value: body as ForkedSession };
  } catch (err) {
    return { ok: false, message: `could not reach the server: ${(err as Error).message}` };
  }
}
