import type { SessionStatus } from '@liveprop/protocol';

/** Rows the lobby shows per page; the server pages them ([R39]). */
export const LOBBY_PAGE_SIZE = 50;

/** The status filter: one status, or every session. */
export type StatusFilter = SessionStatus | 'all';

export const STATUS_FILTERS: readonly { key: StatusFilter; label: string }[] = [
  { key: 'all', label: 'any state' },
  { key: 'running', label: 'running' },
  { key: 'paused', label: 'paused' },
  { key: 'diverged', label: 'diverged' },
];

/** What the lobby asks the server for: a search, a status, and where the page starts. */
export interface LobbyQuery {
  search: string;
  status: StatusFilter;
  offset: number;
  limit: number;
}

/** `GET /api/sessions` for `query` ([R39]): `q` only when searching, `status` only when filtering. */
export function lobbyUrl(query: LobbyQuery): string {
  const params = new URLSearchParams({ offset: String(query.offset), limit: String(query.limit) });
  const search = query.search.trim();
  if (search !== '') params.set('q', search);
  if (query.status !== 'all') params.set('status', query.status);
  return `/api/sessions?${params.toString()}`;
}

/** The count of every match from the `x-total-count` header, or null when it is missing or not a count. */
export function readTotal(header: string | null): number | null {
  if (header === null || !/^\d{1,12}$/.test(header.trim())) return null;
  return Number(header.trim());
}

/** Pages a total fills (at least one, so an empty lobby is page 1 of 1). */
export function pageCount(total: number, limit: number): number {
  return Math.max(1, Math.ceil(total / limit));
}

/** Where page `page` (0-based, clamped to the pages `total` fills) starts. */
export function offsetOfPage(page: number, total: number, limit: number): number {
  const last = pageCount(total, limit) - 1;
  return Math.min(Math.max(0, Math.floor(page)), last) * limit;
}

/** "51–100 of 312", or "0 of 0" for no rows. */
export function pageRange(offset: number, rows: number, total: number): string {
  if (rows === 0) return `0 of ${total}`;
  return `${offset + 1}–${offset + rows} of ${total}`;
}
