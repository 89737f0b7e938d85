/**
 * The lobby's page query as both backends check it, and the search as both run it: a case-insensitive substring of
 * the name, or a substring of the id, taken literally (no wildcards).
 */
import { MAX_SESSION_ID_LENGTH } from '@liveprop/protocol';
import { STATUSES } from './sessionRows.js';
import { failure } from './storeErrors.js';
import type { SessionQuery, StoreResult } from './types.js';

/** Largest page `querySessions` answers. */
export const MAX_PAGE_SIZE = 1000;
/** Longest search text `querySessions` accepts (a session name is at most 200 characters). */
export const MAX_SEARCH_LENGTH = 200;

/**
 * A name or search text as the search compares it, folded here rather than by the database: SQLite's `lower()` folds
 * ASCII only and PostgreSQL's follows the database's locale. NFC so a decomposed `é` matches a composed one.
 */
export function foldName(text: string): string {
  return text.toLowerCase().normalize('NFC');
}

/** Rows per batch when a migration fills `name_folded` for sessions written before it. */
export const FOLD_BATCH = 1000;

/**
 * What a query matches on: the search text folded (for names, see `foldName`) and as given (for ids, whose case matters) or null, a
 * status or null, a session whose family it lists or null.
 */
export interface SessionMatch {
  search: string | null;
  idSearch: string | null;
  status: string | null;
  related: string | null;
}

/** The query's problem as an `invalid` result naming the field, or the match it asks for. */
export function checkSessionQuery(q: SessionQuery): StoreResult<SessionMatch> {
  if (!Number.isSafeInteger(q.offset) || q.offset < 0) return failure('invalid', `expected offset to be a non-negative integer, got ${q.offset}`);
  if (!Number.isSafeInteger(q.limit) || q.limit < 1 || q.limit > MAX_PAGE_SIZE) {
    return failure('invalid', `expected limit to be an integer from 1 to ${MAX_PAGE_SIZE}, got ${q.limit}`);
  }
  if (q.search !== undefined && (typeof q.search !== 'string' || q.search.length > MAX_SEARCH_LENGTH)) {
    return failure('invalid', `expected search to be a string of at most ${MAX_SEARCH_LENGTH} characters`);
  }
  if (q.status !== undefined && !STATUSES.has(q.status)) {
    return failure('invalid', `expected status to be one of ${[...STATUSES].join(', ')}, got ${JSON.stringify(q.status)}`);
  }
  if (q.related !== undefined && (typeof q.related !== 'string' || q.related === '' || q.related.length > MAX_SESSION_ID_LENGTH)) {
    return failure('invalid', `expected related to be a session id of 1 to ${MAX_SESSION_ID_LENGTH} characters`);
  }
  const idSearch = q.search === undefined || q.search === '' ? null : q.search;
  return { ok: true, value: { search: idSearch === null ? null : foldName(idSearch), idSearch, status: q.status ?? null, related: q.related ?? null } };
}

/**
 * The number of all matches when a page tells it without counting: a page shorter than asked that is not past the
 * end. Null when a count is needed.
 */
export function totalFromPage(q: SessionQuery, rows: number): number | null {
  return rows < q.limit && (rows > 0 || q.offset === 0) ? q.offset + rows : null;
}
