import { describe, expect, it } from 'vitest';
import { EditTokenStore, type TokenStorage } from './editTokens.js';

/** Web Storage semantics over a Map: string values, `key(i)` in insertion order. */
class MapStorage implements TokenStorage {
  readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** Storage that refuses everything, as Safari's private mode or a full quota does. */
const refusing: TokenStorage = {
  length: 0,
  key: () => {
    throw new Error('SecurityError');
  },
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
  removeItem: () => {
    throw new Error('SecurityError');
  },
};

describe('EditTokenStore', () => {
  it('remembers a token per session id and forgets it again', () => {
    const storage = new MapStorage();
    const tokens = new EditTokenStore(storage);
    tokens.remember('abc123', 'tok_A-1');
    tokens.remember('def456', 'tok_B-2');
    expect(tokens.tokenFor('abc123')).toBe('tok_A-1');
    expect(tokens.tokenFor('def456')).toBe('tok_B-2');
    expect(tokens.tokenFor('other')).toBeNull();
    tokens.forget('abc123');
    expect(tokens.tokenFor('abc123')).toBeNull();
    expect(tokens.sessionIds()).toEqual(['def456']);
  });

  it('survives a new store over the same storage, as a page reload does', () => {
    const storage = new MapStorage();
    new EditTokenStore(storage).remember('s1', 'token1');
    expect(new EditTokenStore(storage).tokenFor('s1')).toBe('token1');
  });

  it('replaces the token of a session opened again with another edit link', () => {
    const tokens = new EditTokenStore(new MapStorage());
    tokens.remember('s1', 'old');
    tokens.remember('s1', 'new');
    expect(tokens.tokenFor('s1')).toBe('new');
  });

  it('ignores ids and tokens that are not short URL-safe strings, both when storing and reading', () => {
    const storage = new MapStorage();
    const tokens = new EditTokenStore(storage);
    tokens.remember('s1', 'has space');
    tokens.remember('../x', 'tok');
    tokens.remember('s2', 'x'.repeat(129));
    expect(storage.items.size).toBe(0);
    storage.setItem('liveprop.editToken.s3', '<script>');
    storage.setItem('unrelated', 'value');
    expect(tokens.tokenFor('s3')).toBeNull();
    expect(tokens.sessionIds()).toEqual([]);
  });

  it('remembers nothing, and never throws, when storage refuses or is missing', () => {
    for (const tokens of [new EditTokenStore(refusing), new EditTokenStore(null)]) {
      expect(() => tokens.remember('s1', 'tok')).not.toThrow();
      expect(tokens.tokenFor('s1')).toBeNull();
      expect(() => tokens.forget('s1')).not.toThrow();
      expect(tokens.sessionIds()).toEqual([]);
    }
  });
});
