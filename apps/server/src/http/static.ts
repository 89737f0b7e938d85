import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** `apps/dashboard/dist`, found from this file whether it runs from `src/http` or `dist/http`. */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../../dashboard/dist', import.meta.url));

const PLACEHOLDER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>liveprop</title></head>
<body><h1>liveprop</h1><p>The dashboard is not built yet (<code>pnpm --filter @liveprop/dashboard build</code>).</p>
<p>The server is up: <a href="/healthz">/healthz</a>, <a href="/api/sessions">/api/sessions</a>, WebSocket at <code>/ws</code>.</p>
</body></html>`;

function sendFile(res: ServerResponse, path: string, head: boolean): void {
  const type = TYPES[extname(path)] ?? 'application/octet-stream';
  const immutable = path.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    'content-type': type,
    'content-length': statSync(path).size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (head) res.end();
  else createReadStream(path).pipe(res);
}

/**
 * Serves the built dashboard: existing files as-is, any other path without an extension gets `index.html` (the
 * SPA routes such as `/s/:id`), and a placeholder page when the dashboard is not built.
 */
export function serveStatic(res: ServerResponse, pathname: string, root: string, head: boolean): void {
  const base = resolve(root);
  const index = join(base, 'index.html');
  if (!existsSync(index)) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(head ? undefined : PLACEHOLDER);
    return;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  const file = resolve(base, `.${normalize(`/${decoded}`)}`);
  if (file.startsWith(base + sep) && existsSync(file) && statSync(file).isFile()) return sendFile(res, file, head);
  if (extname(decoded) !== '') {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    return;
  }
  sendFile(res, index, head);
}
