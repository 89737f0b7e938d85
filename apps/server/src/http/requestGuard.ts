import type { IncomingMessage } from 'node:http';
import { isAllowedOrigin, isOurHost, type OriginPolicy } from './origin.js';

/** Why a request is answered before it reaches a handler. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** A request whose Host is not one of this loopback server's names: a DNS-rebinding page ([R34]). */
export function refuseHost(policy: OriginPolicy, req: IncomingMessage): Refusal | null {
  if (isOurHost(policy, req.headers.host)) return null;
  const host = JSON.stringify((req.headers.host ?? '').slice(0, 100));
  return { status: 421, code: 'unknown_host', message: `this server listens on loopback and does not answer to Host ${host}; open it as ${[...policy.hosts!][0]}` };
}

/**
 * The body type a mutating API call must declare: JSON, except the CSV upload (`POST /api/sessions/:id/dataset`),
 * which is `text/csv`. Neither is a type a cross-site form can send without a CORS preflight this server never grants.
 */
export function requiredBodyType(pathname: string): 'application/json' | 'text/csv' {
  const raw = pathname.split('/').filter((p) => p !== '');
  return raw.length === 4 && raw[1] === 'sessions' && raw[3] === 'dataset' ? 'text/csv' : 'application/json';
}

/**
 * Cross-site request forgery guard for mutating API calls ([R34]): a page from another origin cannot create,
 * rename, fork, upload to or delete sessions. A sent `Origin` must be allowed, and a body must declare
 * {@link requiredBodyType}.
 */
export function refuseCrossSite(policy: OriginPolicy, req: IncomingMessage, pathname: string): Refusal | null {
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return null;
  const origin = req.headers.origin;
  if (!isAllowedOrigin(policy, origin)) {
    return { status: 403, code: 'forbidden_origin', message: `${method} from origin ${JSON.stringify(origin?.slice(0, 100))} is not allowed; add it to LIVEPROP_ALLOWED_ORIGINS to allow it` };
  }
  if (method === 'DELETE') return null;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const required = requiredBodyType(pathname);
  if (type === required) return null;
  return { status: 415, code: 'unsupported_media_type', message: `${method} ${required === 'text/csv' ? 'CSV uploads' : 'bodies'} must be sent with Content-Type: ${required}, got ${type === '' ? 'none' : JSON.stringify(type.slice(0, 100))}` };
}

/** The decoded segments of an API path; malformed percent-encoding is a refusal naming the path, never a throw. */
export function apiPathParts(pathname: string): { ok: true; parts: string[] } | { ok: false; refusal: Refusal } {
  const raw = pathname.split('/').filter((p) => p !== '');
  try {
    return { ok: true, parts: raw.map((p) => decodeURIComponent(p)) };
  } catch {
    const path = JSON.stringify(pathname.slice(0, 200));
    return { ok: false, refusal: { status: 400, code: 'invalid_path', message: `the path ${path} is not valid percent-encoding` } };
  }
}
