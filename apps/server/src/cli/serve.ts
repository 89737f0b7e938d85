import { readClusterMode } from '../cluster/redisUrl.js';
import { createServer } from '../server.js';
import { DEFAULT_IDLE_MS, DEFAULT_MAX_WORKERS, DEFAULT_SPARE_WORKERS } from '../sessions/hibernation.js';

const USAGE = `usage: liveprop serve [--host HOST] [--port PORT] [--data DIR]

Serves the dashboard, the REST API and the WebSocket. Defaults come from HOST (127.0.0.1), PORT (8080)
and LIVEPROP_DATA (./data). LIVEPROP_DATABASE_URL (postgres://user:password@host:port/db) stores sessions in
PostgreSQL instead of the data dir. LIVEPROP_REDIS_URL (redis://[user:password@]host:port) with
LIVEPROP_DATABASE_URL makes this server one node of a cluster sharing that Redis and database. LIVEPROP_ALLOWED_ORIGINS (comma-separated) lets other origins, such as a Vite dev
server, open the WebSocket. LIVEPROP_MAX_WORKERS (default ${DEFAULT_MAX_WORKERS} here: 4 per core) caps the sessions
holding a worker thread at once; LIVEPROP_HIBERNATE_AFTER (seconds, default ${DEFAULT_IDLE_MS / 1000}) is how long a
session that is not training keeps its worker after it was last used; LIVEPROP_SPARE_WORKERS (default
${DEFAULT_SPARE_WORKERS}, within the cap) worker threads are kept started ahead so a hibernated session wakes faster.`;

interface ServeArgs {
  host: string;
  port: number;
  dataDir: string;
  maxWorkers: number;
  hibernateAfterMs: number;
  spareWorkers: number;
}

/** A whole number from `min` to `max` from the environment variable `name`, or its default when unset. */
function envCount(name: string, fallback: number, max: number, min = 1): { ok: true; value: number } | { ok: false; message: string } {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return { ok: true, value: fallback };
  const value = /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    return { ok: false, message: `${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw.slice(0, 40))}` };
  }
  return { ok: true, value };
}

function parseArgs(argv: string[]): { ok: true; value: ServeArgs } | { ok: false; message: string } {
  const args: ServeArgs = {
    host: process.env.HOST ?? '127.0.0.1',
    port: Number(process.env.PORT ?? 8080),
    dataDir: process.env.LIVEPROP_DATA ?? './data',
    maxWorkers: DEFAULT_MAX_WORKERS,
    hibernateAfterMs: DEFAULT_IDLE_MS,
    spareWorkers: DEFAULT_SPARE_WORKERS,
  };
  const maxWorkers = envCount('LIVEPROP_MAX_WORKERS', DEFAULT_MAX_WORKERS, 10_000);
  if (!maxWorkers.ok) return maxWorkers;
  const idleSeconds = envCount('LIVEPROP_HIBERNATE_AFTER', DEFAULT_IDLE_MS / 1000, 7 * 24 * 3600);
  if (!idleSeconds.ok) return idleSeconds;
  args.maxWorkers = maxWorkers.value;
  args.hibernateAfterMs = idleSeconds.value * 1000;
  const spares = envCount('LIVEPROP_SPARE_WORKERS', DEFAULT_SPARE_WORKERS, 64, 0);
  if (!spares.ok) return spares;
  args.spareWorkers = spares.value;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--help' || flag === '-h') return { ok: false, message: '' };
    if (value === undefined) return { ok: false, message: `missing value after ${flag}` };
    if (flag === '--host') args.host = value;
    else if (flag === '--port') args.port = Number(value);
    else if (flag === '--data') args.dataDir = value;
    else return { ok: false, message: `unknown option ${flag}` };
    i++;
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
    return { ok: false, message: `expected a port between 0 and 65535, got ${JSON.stringify(process.env.PORT ?? argv.join(' '))}` };
  }
  return { ok: true, value: args };
}

/** `liveprop serve`: runs the server until SIGINT or SIGTERM, then shuts it down and resolves with the exit code. */
export async function runServeCommand(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(parsed.message === '' ? `${USAGE}\n` : `liveprop serve: ${parsed.message}\n${USAGE}\n`);
    return parsed.message === '' ? 0 : 2;
  }
  let server;
  try {
    const allowedOrigins = (process.env.LIVEPROP_ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter((o) => o !== '');
    const { host, port, dataDir, maxWorkers, hibernateAfterMs, spareWorkers } = parsed.value;
    const databaseUrl = process.env.LIVEPROP_DATABASE_URL;
    const store = databaseUrl === undefined || databaseUrl === '' ? { dataDir } : { databaseUrl };
    const cluster = readClusterMode(process.env);
    if (!cluster.ok) throw new Error(cluster.message);
    if (cluster.value.mode === 'cluster' && !('databaseUrl' in store)) {
      throw new Error(`LIVEPROP_REDIS_URL (${cluster.value.redisUrlForLogs}) needs LIVEPROP_DATABASE_URL: a cluster's nodes share one PostgreSQL store`);
    }
    const redis = cluster.value.mode === 'cluster' ? { redisUrl: cluster.value.redisUrl } : {};
    server = await createServer({ host, port, ...store, ...redis, allowedOrigins, maxWorkers, hibernateAfterMs, spareWorkers });
  } catch (err) {
    // One line, no stack: the message names the file or address and what to do about it.
    process.stderr.write(`liveprop serve: cannot start: ${(err as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`liveprop serving on ${server.url}\n`);
  const running = server;
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void running.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
