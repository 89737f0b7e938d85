import type { Result } from '@liveprop/core';
import { relatedRows, type SessionPage, type SessionSummary } from '../http/lobbyRest.js';
import type { SessionQuery, StoredSessionSummary, Store } from '../storage/types.js';
import type { Lineage } from './registry.js';
import type { Session } from './session.js';

/** What a lobby page is read from: the store when there is one, and the sessions in memory. */
export interface ListSources {
  store: Store | null;
  sessions: ReadonlyMap<string, Session>;
  lineage: ReadonlyMap<string, Lineage>;
}

/** What memory knows better than the store: the live name, epoch, state, viewers and worker. */
function liveFields(s: Session): Pick<SessionSummary, 'name' | 'epoch' | 'status' | 'viewers' | 'hibernated'> {
  return { name: s.name, epoch: s.epoch, status: s.status, viewers: s.participants.size, hibernated: !s.awake };
}

export function liveSummary(s: Session, lineage: Lineage | undefined): SessionSummary {
  return { id: s.id, createdAt: s.createdAt, parentId: lineage?.parentId ?? null, forkEpoch: lineage?.forkEpoch ?? null, ...liveFields(s) };
}

function storedSummary(s: StoredSessionSummary): SessionSummary {
  return {
    id: s.id, name: s.name, epoch: s.epoch,
    // Nothing trains a session that is only in the store.
    status: s.status === 'diverged' ? 'diverged' : 'paused',
    viewers: 0, createdAt: s.createdAt, parentId: s.parentId, forkEpoch: s.forkEpoch, hibernated: true,
  };
}

function matches(s: Session, search: string): boolean {
  return search === '' || s.name.toLowerCase().includes(search) || s.id.includes(search);
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
    const sessions = page.value.sessions.map((row) => {
      const live = from.sessions.get(row.id);
      return live === undefined ? storedSummary(row) : { ...storedSummary(row), ...liveFields(live) };
    });
    return { ok: true, value: { total: page.value.total, sessions } };
  }
  const search = (query.search ?? '').toLowerCase();
  const matching = [...from.sessions.values()]
    .filter((s) => matches(s, search) && (query.status === undefined || s.status === query.status))
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1))
    .map((s) => liveSummary(s, from.lineage.get(s.id)));
  const { related } = query;
  const all = related === undefined ? matching : relatedRows(matching, related, from.lineage.get(related)?.parentId ?? null);
  const sessions = all.slice(query.offset, query.offset + query.limit);
  return { ok: true, value: { total: all.length, sessions } };
}
