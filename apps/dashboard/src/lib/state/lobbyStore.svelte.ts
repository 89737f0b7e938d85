import { sessionLinksSchema, sessionListSchema, type CreateSessionRequest, type SessionLinks, type SessionSummary } from '@liveprop/protocol';
import { EditTokenStore } from './editTokens.js';
import { LOBBY_PAGE_SIZE, lobbyUrl, offsetOfPage, pageCount, readTotal, type StatusFilter } from './lobbyPage.js';
import { sessionHref } from './route.js';
import { readRestAnswer, type Fetched } from './restAnswer.js';
import { checkSessionName, deleteSession, renameSession, type EditResult } from './sessionEdit.js';

export type { SessionSummary } from '@liveprop/protocol';
export type { Fetched } from './restAnswer.js';

/** Wait after the last keystroke before the search goes to the server. */
const SEARCH_DEBOUNCE_MS = 250;

/**
 * The lobby: one page of sessions from the server ([R39]: searched, filtered and paged there, so every stored
 * session can be found), polled to stay live; session creation; rename/delete of sessions this browser may edit.
 */
export class LobbyStore {
  /** The rows of the page shown. */
  sessions: SessionSummary[] = $state.raw([]);
  /** Sessions matching the search and filter, on every page (the server's `x-total-count`). */
  total = $state(0);
  /** The search as typed; it goes to the server shortly after the typing stops. */
  search = $state('');
  status: StatusFilter = $state('all');
  /** Where the page shown starts. */
  offset = $state(0);
  /** The search and filter the rows shown answer. */
  shownFor: { search: string; status: StatusFilter } = $state.raw({ search: '', status: 'all' });
  loading = $state(true);
  error: string | null = $state(null);
  creating = $state(false);
  /** Ids of listed sessions whose edit token this browser holds. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- immutable, replaced wholesale by syncEditable.
  editable: ReadonlySet<string> = $state.raw(new Set());
  private timer: ReturnType<typeof setInterval> | null = null;
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  /** Numbers each fetch, so an answer that arrives after a newer one was asked for is dropped. */
  private asked = 0;

  constructor(
    readonly tokens: EditTokenStore = EditTokenStore.fromBrowser(),
    readonly pageSize = LOBBY_PAGE_SIZE,
  ) {}

  /** The page shown, from 0. */
  get page(): number {
    return Math.floor(this.offset / this.pageSize);
  }

  get pages(): number {
    return pageCount(this.total, this.pageSize);
  }

  /** Whether a search or filter narrows the rows shown (the one they answer, not the one being typed). */
  get narrowed(): boolean {
    return this.shownFor.search !== '' || this.shownFor.status !== 'all';
  }

  /** Searches names and ids on the server, from the first page, once typing pauses. */
  setSearch(text: string): void {
    this.search = text;
    if (this.searchTimer !== null) clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.searchTimer = null;
      this.offset = 0;
      void this.refresh();
    }, SEARCH_DEBOUNCE_MS);
  }

  setStatus(status: StatusFilter): void {
    this.status = status;
    this.offset = 0;
    void this.refresh();
  }

  /** Shows page `page` (from 0; clamped to the pages there are). */
  goToPage(page: number): void {
    this.offset = offsetOfPage(page, this.total, this.pageSize);
    void this.refresh();
  }

  /** Where a row links: with the held edit token in the fragment (never sent to the server), else view-only. */
  hrefFor(id: string): string {
    return sessionHref(id, this.editable.has(id) ? this.tokens.tokenFor(id) : null);
  }

  /** Renames a session this browser holds the edit token of; the list shows the new name at once. */
  async rename(id: string, raw: string): Promise<EditResult> {
    const name = checkSessionName(raw);
    if (!name.ok) return name;
    const token = this.tokens.tokenFor(id);
    if (token === null) return { ok: false, code: 'forbidden', message: 'this browser holds no edit link for that session' };
    const result = this.settled(id, await renameSession(id, token, name.value));
    if (result.ok) this.sessions = this.sessions.map((s) => (s.id === id ? { ...s, name: name.value } : s));
    return result;

  }

  /** Deletes a session this browser holds the edit token of, for everyone; it leaves the list at once. */
  async remove(id: string): Promise<EditResult> {
    const token = this.tokens.tokenFor(id);
    if (token === null) return { ok: false, code: 'forbidden', message: 'this browser holds no edit link for that session' };
    const result = await deleteSession(id, token);
    // Deleted meanwhile by someone else: what the user wanted has happened.
    if (result.ok || result.code === 'unknown_session') {
      this.tokens.forget(id);
      this.sessions = this.sessions.filter((s) => s.id !== id);
      this.total = Math.max(0, this.total - 1);
      this.syncEditable();
      void this.refresh();
      return { ok: true };
    }
    return this.settled(id, result);
  }

  /** A refused token is stale (the session was recreated elsewhere, the link was wrong): stop offering edits. */
  private settled(id: string, result: EditResult): EditResult {
    if (!result.ok && result.code === 'forbidden') {
      this.tokens.forget(id);
      this.syncEditable();
      return { ok: false, code: 'forbidden', message: `${result.message}; this browser's edit link for it no longer works` };
    }
    return result;
  }

  private syncEditable(): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- immutable, replaced wholesale.
    this.editable = new Set(this.sessions.filter((s) => this.tokens.tokenFor(s.id) !== null).map((s) => s.id));
  }

  start(pollMs = 3000): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), pollMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.timer = null;
    this.searchTimer = null;
  }

  /** Fetches the page shown again (the poll keeps it live); a page emptied meanwhile moves to the last one left. */
  async refresh(): Promise<void> {
    const ask = ++this.asked;
    const query = { search: this.search, status: this.status, offset: this.offset, limit: this.pageSize };
    try {
      const res = await fetch(lobbyUrl(query));
      const list = await readRestAnswer(res, sessionListSchema);
      if (ask !== this.asked) return;
      const total = list.ok ? readTotal(res.headers.get('x-total-count')) : null;
      if (!list.ok) {
        this.error = list.message;
      } else if (total === null) {
        this.error = 'the server answered the session list without a valid x-total-count header';
      } else if (list.value.length === 0 && total > 0 && query.offset > 0) {
        this.total = total;
        this.offset = offsetOfPage(Infinity, total, this.pageSize);
        return void (await this.refresh());
      } else {
        this.sessions = list.value;
        this.total = total;
        this.shownFor = { search: query.search.trim(), status: query.status };
        this.syncEditable();
        this.error = null;
      }
    } catch (err) {
      if (ask === this.asked) this.error = `cannot reach the server: ${(err as Error).message}`;
    } finally {
      if (ask === this.asked) this.loading = false;
    }
  }

  /** Creates a session from a preset name or a full config. */
  async create(body: CreateSessionRequest): Promise<Fetched<SessionLinks>> {
    this.creating = true;
    try {
      const res = await fetch('/api/sessions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return await readRestAnswer(res, sessionLinksSchema);
    } catch (err) {
      return { ok: false, code: 'network', message: `cannot reach the server: ${(err as Error).message}` };
    } finally {
      this.creating = false;
    }
  }
}
