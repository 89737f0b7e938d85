import type { SessionStatus } from '@liveprop/protocol';
import { EditTokenStore } from './editTokens.js';
import { sessionHref } from './route.js';
import { checkSessionName, deleteSession, renameSession, type EditResult } from './sessionEdit.js';

/** One row of the lobby. */
export interface SessionSummary {
  id: string;
  name: string;
  status: SessionStatus;
  epoch: number;
  viewers: number;
  /** Unix milliseconds; 0 when the server did not say. */
  createdAt: number;
  /** The session this one was forked from, if any. */
  parentId: string | null;
}

/** What `POST /api/sessions` answers. */
export interface CreatedSession {
  id: string;
  editUrl: string;
  viewUrl: string;
}

export type Fetched<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

function toSummary(raw: unknown): SessionSummary | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== 'string') return null;
  const status = r.status ?? r.state;
  return {
    id: r.id,
    name: typeof r.name === 'string' && r.name ? r.name : r.id,
    status: status === 'running' || status === 'diverged' ? status : 'paused',
    epoch: typeof r.epoch === 'number' ? r.epoch : 0,
    viewers: typeof r.viewers === 'number' ? r.viewers : 0,
    createdAt: typeof r.createdAt === 'number' ? r.createdAt : 0,
    parentId: typeof r.parentId === 'string' ? r.parentId : null,
  };
}

/** Reads the session list; tolerates `[...]` or `{sessions:[...]}`. */
export function parseSessionList(body: unknown): SessionSummary[] {
  const list = Array.isArray(body) ? body : (body as { sessions?: unknown } | null)?.sessions;
  if (!Array.isArray(list)) return [];
  return list.map(toSummary).filter((s): s is SessionSummary => s !== null);
}

async function readError(res: Response): Promise<{ ok: false; code: string; message: string }> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    return { ok: false, code: body.error?.code ?? `http_${res.status}`, message: body.error?.message ?? res.statusText };
  } catch {
    return { ok: false, code: `http_${res.status}`, message: res.statusText || `HTTP ${res.status}` };
  }
}

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
      const res = await fetch('/api/sessions');
      if (!res.ok) {
        this.error = (await readError(res)).message;
      } else {
        this.sessions = parseSessionList(await res.json());
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
  async create(body: { preset: string } | { config: unknown }): Promise<Fetched<CreatedSession>> {
    this.creating = true;
    try {
      const res = await fetch('/api/sessions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) return await readError(res);
      const created = (await res.json()) as CreatedSession;
      return { ok: true, value: created };
    } catch (err) {
      return { ok: false, code: 'network', message: `cannot reach the server: ${(err as Error).message}` };
    } finally {
      this.creating = false;
    }
  }
}
