import { networkInterfaces } from 'node:os';

/**
 * Who may talk to this server from a browser: the origins its pages are served from (derived from the address it
 * listens on, never from a request's Host header) plus `LIVEPROP_ALLOWED_ORIGINS`, and, when it listens on
 * loopback only, the Host names it answers to ([R34]).
 */
export interface OriginPolicy {
  /** Allowed `Origin` values, normalized (`new URL(o).origin`). */
  readonly origins: ReadonlySet<string>;
  /** Allowed `Host` values (lower case, with port) when bound to loopback; `null` when any Host is served. */
  readonly hosts: ReadonlySet<string> | null;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** `host` as it appears in a URL: IPv6 literals in brackets. */
function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function interfaceHosts(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => urlHost(i.address)));
}

/** Normalized origin of `value`, or `null` when it is not an http(s) origin. */
export function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** The policy of a server listening on `host`:`port`, with `extra` origins allowed as well. */
export function originPolicy(host: string, port: number, extra: readonly string[]): OriginPolicy {
  const names = isLoopback(host) ? [...LOOPBACK_NAMES, urlHost(host)] : isWildcard(host) ? [...LOOPBACK_NAMES, ...interfaceHosts()] : [urlHost(host)];
  const origins = new Set<string>();
  for (const name of names) origins.add(new URL(`http://${name}:${port}`).origin);
  for (const o of extra) {
    const normalized = normalizeOrigin(o);
    if (normalized !== null) origins.add(normalized);
  }
  if (!isLoopback(host)) return { origins, hosts: null };
  const hosts = new Set<string>();
  for (const o of origins) hosts.add(new URL(o).host);
  // A browser leaves the port out of Host for its default port; the origin's host already does the same.
  return { origins, hosts };
}

/**
 * Whether a request with this `Origin` may proceed: browsers send one on cross-site requests and WebSocket
 * upgrades, so none means a same-origin GET or a non-browser client.
 */
export function isAllowedOrigin(policy: OriginPolicy, origin: string | undefined): boolean {
  if (origin === undefined) return true;
  const normalized = normalizeOrigin(origin);
  return normalized !== null && policy.origins.has(normalized);
}

/** Whether a request's `Host` names this server: a rebinding DNS name pointing at loopback does not. */
export function isOurHost(policy: OriginPolicy, host: string | undefined): boolean {
  if (policy.hosts === null) return true;
  return host !== undefined && policy.hosts.has(host.toLowerCase());
}
