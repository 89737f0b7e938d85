import type { Result } from '@liveprop/core';
import { relatedRows, type SessionPage, type SessionSummary } from '../http/lobbyRest.js';
import { foldName } from '../storage/sessionQuery.js';
import type { SessionQuery, StoredSessionSummary, Store } from '../storage/types.js';
import type { Lineage } from './registry.js';
import type { Session } from './session.js';

/** How many participants each of the sessions `ids` has, counted on every node; a missing id has none. */
export type ViewerCounts = (ids: readonly string[]) => Promise<ReadonlyMap<string, number>>;

/** What a lobby page is read from: the store when there is one, and the sessions in memory. */
export interface ListSources {
  store: Store | null;
  sessions: ReadonlyMap<string, Session>;
  lineage: ReadonlyMap<string, Lineage>;
  /**
   * Cluster mode: other nodes train the stored sessions not in memory here, so such a row keeps the status its owner
   * stored and counts its viewers with this.
   */
  elsewhere?: ViewerCounts;
}

/** What memory knows better than the store: the live name, epoch, state, viewers and worker. */
function liveFields(s: Session): Pick<SessionSummary, 'name' | 'epoch' | 'status' | 'viewers' | 'hibernated'> {
  return { name: s.name, epoch: s.epoch, status: s.status, viewers: s.viewerCount, hibernated: !s.awake };
}

function liveSummary(s: Session, lineage: Lineage | undefined): SessionSummary {
  return { id: s.id, createdAt: s.createdAt, parentId: lineage?.parentId ?? null, forkEpoch: lineage?.forkEpoch ?? null, ...liveFields(s) };
}

function storedFields(s: StoredSessionSummary): Omit<SessionSummary, 'status' | 'viewers' | 'hibernated'> {
  return { id: s.id, name: s.name, epoch: s.epoch, createdAt: s.createdAt, parentId: s.parentId, forkEpoch: s.forkEpoch };
}

function storedSummary(s: StoredSessionSummary): SessionSummary {
  // Nothing trains a session that is only in the store.
  return { ...storedFields(s), status: s.status === 'diverged' ? 'diverged' : 'paused', viewers: 0, hibernated: true };
}

/** A session another node trains (or will take over): as its owner stored it; whether it hibernates is not known here. */
function elsewhereSummary(s: StoredSessionSummary, viewers: number): SessionSummary {
  return { ...storedFields(s), status: s.status, viewers };
}

/** Each stored row's summary: live from memory, else stored (as an owner elsewhere stored it, in cluster mode). */
async function pageSummaries(from: ListSources, rows: readonly StoredSessionSummary[]): Promise<SessionSummary[]> {
  const away = rows.filter((row) => !from.sessions.has(row.id));
  const viewers = from.elsewhere === undefined ? null : await from.elsewhere(away.map((row) => row.id));
  return rows.map((row) => {
    const live = from.sessions.get(row.id);
    if (live !== undefined) return { ...storedSummary(row), ...liveFields(live) };
    return viewers === null ? storedSummary(row) : elsewhereSummary(row, viewers.get(row.id) ?? 0);
  });
}

/** Names match the folded search in any case (as the store folds them), ids (whose case matters) the search as given. */
function matches(s: Session, search: string, folded: string): boolean {
  return search === '' || foldName(s.name).includes(folded) || s.id.includes(search);
}

/**
 * One page of sessions, newest first, whose name (any case) or id contains `query.search` ([R39]). With a store the
 * page is the store's, each row showing the live state when the session is in memory; without one it is read from
 * memory alone.
 */
export async function listSessions(from: ListSources, query: SessionQuery): Promise<Result<SessionPage>> {
  if (from.store !== null) {
    const page = await from.store.querySessions(query);
    if (!page.ok) return page;
    return { ok: true, value: { total: page.value.total, sessions: await pageSummaries(from, page.value.sessions) } };
  }
  const search = query.search ?? '';
  const folded = foldName(search);
  const matching = [...from.sessions.values()]
    .filter((s) => matches(s, search, folded) && (query.status === undefined || s.status === query.status))
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1))
    .map((s) => liveSummary(s, from.lineage.get(s.id)));
  const { related } = query;
  const all = related === undefined ? matching : relatedRows(matching, related, from.lineage.get(related)?.parentId ?? null);
  const sessions = all.slice(query.offset, query.offset + query.limit);
  return { ok: true, value: { total: all.length, sessions } };
}
