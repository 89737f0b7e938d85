/**
 * Turns what the `pg` driver throws into store results: SQLSTATE classes and socket errors to store codes, with the
 * operator's next step in the message.
 */
import { StoredDataError } from '../storedDataError.js';
import { failure } from '../storeErrors.js';
import type { StoreErrorCode } from '../types.js';

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Messages `pg` gives errors of its own (no SQLSTATE) when the connection is gone or never came. */
const LOST_CONNECTION = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|not queryable|Client was closed|Cannot use a pool after calling end/i;

function codeOfSqlState(state: string): StoreErrorCode | null {
  if (state === '53100') return 'disk_full';
  if (state === '23505') return 'exists';
  if (state === '23503') return 'not_found';
  if (state === '25006') return 'read_only';
  if (state === 'XX001' || state === 'XX002') return 'corrupt';
  if (state === '40001' || state === '40P01' || state === '55P03') return 'locked';
  const cls = state.slice(0, 2);
  if (cls === '08' || cls === '28' || cls === '3D' || state.startsWith('57P')) return 'unavailable';
  if (cls === '22' || cls === '23' || state === '54000') return 'invalid';
  if (cls === '53' || cls === '58' || cls === 'XX') return 'io_error';
  // 42xxx and the like: SQL the store got wrong, a bug that stays a throw.
  return null;
}

const HINTS: Partial<Record<StoreErrorCode, string>> = {
  unavailable: 'the PostgreSQL server cannot be reached; writes resume once it is back',
  disk_full: "the PostgreSQL server's disk is full; data of this write was not stored",
  io_error: 'the PostgreSQL server reported a resource or I/O error',
  corrupt: 'PostgreSQL reports damaged data',
};

/** Maps an error from `pg` or a stored-data decoder to a failure; `null` for anything else (a bug). */
export function pgFailureOf(err: unknown, what: string): { ok: false; code: StoreErrorCode; message: string } | null {
  if (err instanceof StoredDataError) return failure('corrupt', `${what}: stored data is damaged: ${err.message}`);
  if (!(err instanceof Error)) return null;
  const { code } = err as { code?: unknown };
  let storeCode: StoreErrorCode | null = null;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) storeCode = codeOfSqlState(code);
  else if (typeof code === 'string' && SOCKET_CODES.has(code)) storeCode = 'unavailable';
  else if (LOST_CONNECTION.test(err.message) || (err instanceof AggregateError && err.errors.length > 0)) storeCode = 'unavailable';
  if (storeCode === null) return null;
  const hint = HINTS[storeCode];
  const detail = err.message === '' && typeof code === 'string' ? code : err.message;
  return failure(storeCode, `${what}: ${detail}${typeof code === 'string' ? ` (${code})` : ''}${hint === undefined ? '' : `; ${hint}`}`);
}
