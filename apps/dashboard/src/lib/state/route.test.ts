import { describe, expect, it } from 'vitest';
import { parseRoute, sessionHref, toLocalHref } from './route.js';

describe('parseRoute', () => {
  it('reads the lobby at /', () => expect(parseRoute('/', '')).toEqual({ kind: 'lobby' }));
  it('reads a view-only session', () => {
    expect(parseRoute('/s/abc123', '')).toEqual({ kind: 'session', id: 'abc123', editToken: null });
  });
  it('reads the edit token from the fragment', () => {
    expect(parseRoute('/s/abc123', '#edit=tok_9')).toEqual({ kind: 'session', id: 'abc123', editToken: 'tok_9' });
  });
  it('treats unknown paths as the lobby', () => expect(parseRoute('/s/', '')).toEqual({ kind: 'lobby' }));
});

describe('sessionHref', () => {
  it('round-trips through parseRoute', () => {
    const href = new URL(sessionHref('x1', 'T'), 'http://h');
    expect(parseRoute(href.pathname, href.hash)).toEqual({ kind: 'session', id: 'x1', editToken: 'T' });
  });
});

describe('toLocalHref', () => {
  it('keeps path and fragment of an absolute server URL', () => {
    expect(toLocalHref('http://127.0.0.1:8080/s/a#edit=b', 'http://localhost:5173')).toBe('/s/a#edit=b');
  });
});
