/** Where the app is: the lobby, or one session with the edit token from the URL fragment (if any). */
export type Route = { kind: 'lobby' } | { kind: 'session'; id: string; editToken: string | null };

const SESSION_PATH = /^\/s\/([A-Za-z0-9_-]{1,64})\/?$/;

/** Reads `/s/<id>` and `#edit=<token>`; anything else is the lobby. */
export function parseRoute(pathname: string, hash: string): Route {
  const match = SESSION_PATH.exec(pathname);
  if (!match) return { kind: 'lobby' };
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('edit');
  return { kind: 'session', id: match[1]!, editToken: token && token.length > 0 ? token : null };
}

/** The path of a session page, with the edit fragment when a token is given. */
export function sessionHref(id: string, editToken: string | null = null): string {
  const path = `/s/${encodeURIComponent(id)}`;
  return editToken ? `${path}#edit=${encodeURIComponent(editToken)}` : path;
}

/** Turns an absolute or relative URL from the server into a same-origin path + fragment the router understands. */
export function toLocalHref(url: string, origin: string): string {
  const parsed = new URL(url, origin);
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}
