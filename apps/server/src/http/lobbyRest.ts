/**
 * The lobby's REST shapes in one place ([R39]): the query `GET /api/sessions` reads (`offset`, `limit`, `q`, `status`,
 * `related`)
 * and the rows it answers (the count of all matches goes in `x-total-count`).
 */
import type { Result } from '@liveprop/core';
import { parseRest, relatedQuerySchema, type SessionSummary as ProtocolSessionSummary } from '@liveprop/protocol';
import { MAX_PAGE_SIZE, MAX_SEARCH_LENGTH } from '../storage/sessionQuery.js';
import type { SessionQuery, SessionStatus } from '../storage/types.js';
import { integerParam } from './metricsQuery.js';
import { readQuery } from './queryParams.js';

/** Row of `GET /api/sessions`: protocol's lobby row ([R38]), `hibernated` included ([R39]). */
export type SessionSummary = ProtocolSessionSummary;

/** A page of the lobby and how many sessions match in all. */
export interface SessionPage {
  total: number;
  sessions: SessionSummary[];
}

/** Sessions `GET /api/sessions` answers when `limit` is absent ([R39]). */
export const DEFAULT_PAGE_SIZE = 100;

const STATUSES: readonly SessionStatus[] = ['running', 'paused', 'diverged'];

/** Reads `offset`, `limit`, `q` (search), `status` and `related` of `GET /api/sessions` from an untrusted URL. */
export function parseListQuery(url: string | undefined): Result<SessionQuery> {
  const query = readQuery(url, '/api/sessions', ['offset', 'limit', 'q', 'status', 'related']);
  if (!query.ok) return query;
  const params = query.value;
  const offset = integerParam(params, 'offset', 0, 1_000_000_000);
  if (!offset.ok) return offset;
  const limit = integerParam(params, 'limit', 1, MAX_PAGE_SIZE);
  if (!limit.ok) return limit;
  const search = (params.get('q') ?? '').trim();
  if (search.length > MAX_SEARCH_LENGTH) {
    return { ok: false, code: 'invalid_field', message: `"q" must be at most ${MAX_SEARCH_LENGTH} characters, got ${search.length}` };
  }
  const status = params.get('status');
  if (status !== null && !STATUSES.includes(status as SessionStatus)) {
    return { ok: false, code: 'invalid_field', message: `"status" must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(status.slice(0, 40))}` };
  }
  const related = params.get('related');
  const family = related === null ? null : parseRest(relatedQuerySchema, { related }, 'invalid_field');
  if (family?.ok === false) return family;
  return {
    ok: true,
    value: {
      offset: offset.value ?? 0, limit: limit.value ?? DEFAULT_PAGE_SIZE,
      ...(search === '' ? {} : { search }), ...(status === null ? {} : { status: status as SessionStatus }), ...(family === null ? {} : family.value),
    },
  };
}

/** The rows `?related=id` answers ([R38]): session `id`, its parent and its forks. */
export function relatedRows<T extends { id: string; parentId: string | null }>(rows: readonly T[], id: string, parentId = rows.find((r) => r.id === id)?.parentId ?? null): T[] {
  return rows.filter((r) => r.id === id || r.parentId === id || r.id === parentId);
}
