import { forkedSessionSchema, type ForkedSession } from '@liveprop/protocol';
import { readRestAnswer } from './restAnswer.js';

export type { ForkedSession } from '@liveprop/protocol';
export type ForkResult = { ok: true; value: ForkedSession } | { ok: false; message: string };

/** Forks session `id` at its current state with its edit token; never throws. */
export async function requestFork(id: string, editToken: string, name?: string): Promise<ForkResult> {
  try {
    const res = await fetch(`/api/sessions/${encodeURIComponent(id)}/fork`, {
      method: 'POST',
      headers: { authorization: `Bearer ${editToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(name === undefined ? {} : { name }),
    });
    const answer = await readRestAnswer(res, forkedSessionSchema);
    return answer.ok ? answer : { ok: false, message: answer.message };
  } catch (err) {
    return { ok: false, message: `could not reach the server: ${(err as Error).message}` };
  }
}
