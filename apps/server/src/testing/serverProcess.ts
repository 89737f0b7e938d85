import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll } from 'vitest';
import { spawnServer } from './childServer.js';

const serverRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The built server in a child process, on a data dir or a PostgreSQL URL (run `pnpm --filter @liveprop/server
 * build` first). The timer checkpoint is pushed out of the test's reach so the only checkpoints are those commands
 * take (pause, reshaping changes), which makes the epoch and config they hold known. SIGTERM closes it cleanly,
 * as `liveprop serve` does.
 */
export class ServerProcesses {
  private readonly script: string;
  private readonly children: ChildProcess[] = [];

  /** Writes the child's entry script into `work`, which also serves as its (empty) dashboard dir. */
  constructor(private readonly work: string) {
    const entry = pathToFileURL(join(serverRoot, 'dist', 'index.js')).href;
    this.script = join(work, 'server-child.mjs');
    writeFileSync(this.script, `
import { createServer } from ${JSON.stringify(entry)};
const store = process.argv[2].startsWith('postgres://') ? { databaseUrl: process.argv[2] } : { dataDir: process.argv[2] };
const server = await createServer({ host: '127.0.0.1', port: 0, ...store, checkpointEveryMs: 600_000, dashboardDir: process.argv[3], ...JSON.parse(process.argv[4] ?? '{}') });
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
process.stdout.write('LISTENING ' + server.url + '\\n');
`);
  }

  /** Starts a server on `data` and resolves with its URL once it listens; `options` go to `createServer` as they are. */
  start(data: string, options: { maxWorkers?: number } = {}): Promise<{ child: ChildProcess; url: string }> {
    if (!existsSync(join(serverRoot, 'dist', 'index.js'))) throw new Error(`no build in ${serverRoot}/dist; run pnpm --filter @liveprop/server build first`);
    return spawnServer([this.script, data, this.work, JSON.stringify(options)], {}, /LISTENING (\S+)/, this.children);
  }

  /** Kills whatever is still running. */
  killAll(): void {
    for (const c of this.children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
}

/** Sends `signal` and waits for the process to exit. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** Time for a paused session's queued store writes to land before a kill; a few rows, not a race under test. */
export const WRITES_SETTLE_MS = 1_500;

/** {@link ServerProcesses} for one test file in a temp work dir (`prefix`…); after the file, children die and it goes. */
export function useServerProcesses(prefix: string): { work: string; servers: ServerProcesses } {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const servers = new ServerProcesses(work);
  afterAll(() => {
    servers.killAll();
    rmSync(work, { recursive: true, force: true });
  });
  return { work, servers };
}

/** Creates a session over REST on the server at `url`; answers its id and edit token. */
export async function createOverRest(url: string, body: unknown): Promise<{ id: string; token: string }> {
  const res = await fetch(`${url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`POST /api/sessions answered ${res.status}: ${await res.text()}`);
  const created = (await res.json()) as { id: string; editUrl: string };
  return { id: created.id, token: created.editUrl.split('#edit=')[1]! };
}
