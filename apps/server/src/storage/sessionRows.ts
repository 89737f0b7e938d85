/**
 * Conversion between `sessions` rows and `StoredSession`, and validation of what callers pass in.
 */
import type { SessionRow, SummaryRow } from './statements.js';
import { parseStoredJson } from './storedDataError.js';
import type { NewSession, SessionStatePatch, SessionStatus, StoredSessionSummary, StoredSession, StoredSnapshot } from './types.js';

export const STATUSES: ReadonlySet<string> = new Set<SessionStatus>(['running', 'paused', 'diverged']);

export const MAX_NAME_LENGTH = 200;

export function sessionOfRow(row: SessionRow, storageErrorOverride: string | undefined): StoredSession {
  return { ...summaryOfRow(row, storageErrorOverride), config: parseStoredJson(row.config, `config of session ${row.id}`) };
}

export function summaryOfRow(row: SummaryRow, storageErrorOverride: string | undefined): StoredSessionSummary {
  return {
    id: row.id,
    name: row.name,
    editTokenHash: row.edit_token_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    parentId: row.parent_id,
    forkEpoch: row.fork_epoch,
    status: STATUSES.has(row.status) ? (row.status as SessionStatus) : 'paused',
    epoch: row.epoch,
    seq: row.seq,
    storageError: storageErrorOverride ?? row.storage_error,
  };
}

/** `JSON.stringify` that reports values JSON cannot hold instead of returning undefined. */
export function toJsonText(value: unknown, what: string): { ok: true; text: string } | { ok: false; message: string } {
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return { ok: false, message: `expected a JSON value for ${what}, got ${typeof value}` };
    return { ok: true, text };
  } catch (err) {
    return { ok: false, message: `expected a JSON value for ${what}: ${(err as Error).message}` };
  }
}

function isNonNegativeInteger(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** A message naming the first bad field of `session`, or `null` when it is valid. */
export function newSessionProblem(session: NewSession): string | null {
  if (typeof session.id !== 'string' || session.id.length === 0 || session.id.length > 200) {
    return `expected id to be a string of 1..200 characters, got ${JSON.stringify(session.id)}`;
  }
  const badName = nameProblem(session.name);
  if (badName !== null) return badName;
  if (typeof session.editTokenHash !== 'string') return `expected editTokenHash to be a string, got ${typeof session.editTokenHash}`;
  if (!isNonNegativeInteger(session.createdAt)) return `expected createdAt in ms since 1970, got ${session.createdAt}`;
  if (session.parentId !== undefined && typeof session.parentId !== 'string') return 'expected parentId to be a string';
  if (session.forkEpoch !== undefined && !isNonNegativeInteger(session.forkEpoch)) {
    return `expected forkEpoch to be a non-negative integer, got ${session.forkEpoch}`;
  }
  return null;
}

/** A message saying what is wrong with a session name, or `null`. */
export function nameProblem(name: unknown): string | null {
  if (typeof name !== 'string') return `expected name to be a string, got ${typeof name}`;
  if (name.length > MAX_NAME_LENGTH) return `expected a name of at most ${MAX_NAME_LENGTH} characters, got ${name.length}`;
  return null;
}

/** A message naming the first bad field of `patch`, or `null` when it is valid. */
export function statePatchProblem(patch: SessionStatePatch): string | null {
  if (patch.status !== undefined && !STATUSES.has(patch.status)) {
    return `expected status to be one of ${[...STATUSES].join(', ')}, got ${JSON.stringify(patch.status)}`;
  }
  if (patch.epoch !== undefined && !isNonNegativeInteger(patch.epoch)) return `expected epoch >= 0 integer, got ${patch.epoch}`;
  if (patch.seq !== undefined && !isNonNegativeInteger(patch.seq)) return `expected seq >= 0 integer, got ${patch.seq}`;
  return null;
}

/** A message naming the first bad field of a snapshot to save, or `null` when it is valid. */
export function snapshotProblem(snapshot: StoredSnapshot): string | null {
  if (!isNonNegativeInteger(snapshot.epoch)) return `expected snapshot epoch >= 0 integer, got ${snapshot.epoch}`;
  if (!(snapshot.data instanceof Uint8Array)) return 'expected snapshot data to be a Uint8Array';
  return null;
}
