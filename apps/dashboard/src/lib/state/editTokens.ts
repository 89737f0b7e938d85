/** The part of the Web Storage API the token store uses; `localStorage` in the browser. */
export type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const PREFIX = 'liveprop.editToken.';
/** Session ids and tokens the server hands out are short URL-safe strings; anything else in storage is ignored. */
const SAFE = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Edit tokens this browser holds, one storage key per session id, so the lobby can offer rename and delete for
 * sessions opened here with an edit link. Tokens live only in storage and in `#edit=` fragments, never in a URL
 * the server sees. Storage that refuses (private mode, quota) makes the store forget, never throw.
 */
export class EditTokenStore {
  constructor(private readonly storage: TokenStorage | null) {}

  /** The store over `localStorage`, or a store that remembers nothing when the page may not use it. */
  static fromBrowser(): EditTokenStore {
    try {
      return new EditTokenStore(globalThis.localStorage ?? null);
    } catch {
      return new EditTokenStore(null);
    }
  }

  /** Remembers `token` as the edit token of session `id`; ignores values that are not an id and a token. */
  remember(id: string, token: string): void {
    if (!SAFE.test(id) || !SAFE.test(token)) return;
    try {
      this.storage?.setItem(PREFIX + id, token);
    } catch {
      // Full or disabled storage: the page keeps working, only the lobby's edit buttons are missing.
    }
  }

  /** The edit token held for session `id`, or null. */
  tokenFor(id: string): string | null {
    try {
      const token = this.storage?.getItem(PREFIX + id) ?? null;
      return token !== null && SAFE.test(token) ? token : null;
    } catch {
      return null;
    }
  }

  forget(id: string): void {
    try {
      this.storage?.removeItem(PREFIX + id);
    } catch {
      // Nothing to undo: a storage that cannot remove could not have stored either.
    }
  }

  /** Ids of every session with a held token. */
  sessionIds(): string[] {
    const ids: string[] = [];
    try {
      const storage = this.storage;
      if (storage === null) return ids;
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (key?.startsWith(PREFIX) && this.tokenFor(key.slice(PREFIX.length)) !== null) ids.push(key.slice(PREFIX.length));
      }
    } catch {
      return ids;
    }
    return ids;
  }
}
