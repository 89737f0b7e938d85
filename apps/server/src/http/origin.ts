/**
 * Whether a WebSocket upgrade may proceed: browsers always send `Origin`, so none means a non-browser client;
 * otherwise its host must be the one the request was addressed to, or listed in `allowed` (e.g. a Vite dev server).
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
