/**
 * Fencing tokens: a session's owner claims it with a number that only rises, kept in the session's row. A store
 * remembers the token it claimed each session with and every write to that session checks it against the row, so a
 * server that lost ownership (paused past its lease, cut off) cannot overwrite what the newer owner stored.
 */
import type { StoreResult } from './types.js';

/** Why a write under `claimed` may not touch a session whose stored token is `stored`, or `null` when it may. */
export function fenceProblem(id: string, claimed: number | undefined, stored: number): { ok: false; code: 'fenced'; message: string } | null {
  if (claimed === undefined) {
    return { ok: false, code: 'fenced', message: `this server has not claimed session ${JSON.stringify(id)}; its writes are refused` };
  }
  if (claimed !== stored) {
    return {
      ok: false,
      code: 'fenced',
      message: `session ${JSON.stringify(id)} was claimed with fencing token ${stored}, this server holds ${claimed}; its writes are refused`,
    };
  }
  return null;
}

/** Checks the token a caller asks to claim with: absent (one above the stored one) or a positive integer. */
export function claimTokenProblem(token: number | undefined): StoreResult<never> | null {
  if (token === undefined || (Number.isSafeInteger(token) && token > 0)) return null;
  return { ok: false, code: 'invalid', message: `expected a fencing token that is a positive integer, got ${String(token)}` };
}

/** Answer to a claim the row refused: its token is newer than the one asked for. */
export function staleClaim(id: string, token: number, stored: number): { ok: false; code: 'fenced'; message: string } {
  return { ok: false, code: 'fenced', message: `cannot claim session ${JSON.stringify(id)} with fencing token ${token}: it is already claimed with ${stored}` };
}
