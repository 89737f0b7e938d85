import { sessionLinksSchema, sessionListSchema, type CreateSessionRequest, type SessionLinks, type SessionSummary } from '@liveprop/protocol';
import { EditTokenStore } from './editTokens.js';
import { sessionHref } from './route.js';
import { readRestAnswer, type Fetched } from './restAnswer.js';
import { checkSessionName, deleteSession, renameSession, type EditResult } from './sessionEdit.js';

export type { SessionSummary } from '@liveprop/protocol';
export type { Fetched } from './restAnswer.js';

/** The lobby: the live session list (polled), session creation, and rename/delete of sessions this browser may edit. */
export class LobbyStore {
  sessions: SessionSummary[] = $state.raw([]);
  loading = $state(true);
  error: string | null = $state(null);
  creating = $state(false);
  /** Ids of listed sessions whose edit token this browser holds. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- immutable, replaced wholesale by syncEditable.
  editable: ReadonlySet<string> = $state.raw(new Set());
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(readonly tokens: EditTokenStore = EditTokenStore.fromBrowser()) {}

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
      this.syncEditable();
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
    this.timer = null;
  }

  async refresh(): Promise<void> {
    try {
      const list = await readRestAnswer(await fetch('/api/sessions'), sessionListSchema);
      if (!list.ok) {
        this.error = list.message;
      } else {
        this.sessions = list.value;
        this.syncEditable();
        this.error = null;
      }
    } catch (err) {
      this.error = `cannot reach the server: ${(err as Error).message}`;
    } finally {
      this.loading = false;
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
