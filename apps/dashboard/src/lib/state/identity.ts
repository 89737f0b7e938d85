/** The name and colour this browser goes by, kept across reloads and reconnects. */
export interface Identity {
  name: string;
  colour: string;
}

const KEY = 'liveprop.identity';
const COLOUR = /^#[0-9a-f]{6}$/i;

/** Where identities live: `localStorage` in the browser, a Map in tests. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function browserStorage(): KeyValueStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled (privacy mode): go without.
  }
}

/** The saved identity, or null when there is none or it is damaged (a bad entry never reaches the server). */
export function loadIdentity(storage: KeyValueStore | null = browserStorage()): Identity | null {
  const raw = storage?.getItem(KEY);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<Identity>;
    const name = typeof parsed.name === 'string' ? parsed.name.trim() : '';
    if (name.length < 1 || name.length > 40 || /\p{Cc}/u.test(name)) return null;
    if (typeof parsed.colour !== 'string' || !COLOUR.test(parsed.colour)) return null;
    return { name, colour: parsed.colour };
  } catch {
    return null;
  }
}

export function saveIdentity(identity: Identity, storage: KeyValueStore | null = browserStorage()): void {
  try {
    storage?.setItem(KEY, JSON.stringify(identity));
  } catch {
    // Quota or privacy mode: the identity lasts for this tab only.
  }
}
