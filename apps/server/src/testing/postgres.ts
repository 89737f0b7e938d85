/**
 * A real PostgreSQL server for tests: Debian's binaries, a fresh cluster in a temp dir, a free port on 127.0.0.1,
 * password authentication. Run as the `postgres` user when the tests run as root (PostgreSQL refuses root).
 * Without the binaries it throws, so a suite that needs PostgreSQL fails loudly instead of skipping.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface TestPostgres {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres`. */
  url: string;
  password: string;
  port: number;
  /** Creates an empty database and answers its URL. */
  createDatabase(): Promise<string>;
  /** Fast shutdown: connections drop, data stays. */
  stop(): Promise<void>;
  /** Starts the stopped server again on the same port. */
  start(): Promise<void>;
  /** Stops it and deletes the cluster. */
  remove(): Promise<void>;
  /** Hands `dir` to the user the server runs as (for a tablespace). */
  giveDir(dir: string): void;
}

/** The directory of `initdb`, `pg_ctl`: `LIVEPROP_PG_BIN`, else the newest `/usr/lib/postgresql/<n>/bin`. */
export function postgresBinDir(): string {
  const configured = process.env['LIVEPROP_PG_BIN'];
  if (configured !== undefined) return configured;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) {
    throw new Error(
      `PostgreSQL server binaries not found (no ${root}/<version>/bin/initdb, LIVEPROP_PG_BIN unset): the PostgreSQL store tests cannot run. Install the Debian package postgresql (.ci/run does).`,
    );
  }
  return join(root, versions[0]!, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

let databases = 0;

/** Starts a fresh PostgreSQL cluster; stop it with `remove()` in `afterAll`. */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const asRoot = process.getuid?.() === 0;
  const pgUser = asRoot ? Number((await run('id', ['-u', 'postgres'])).stdout.trim()) : null;
  const as = (cmd: string, args: string[]): Promise<unknown> =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]) : run(join(bin, cmd), args);
  const dir = mkdtempSync(join(tmpdir(), 'liveprop-pg-'));
  if (pgUser !== null) chownSync(dir, pgUser, pgUser);
  const data = join(dir, 'data');
  const password = `pw-${randomBytes(9).toString('hex')}`;
  writeFileSync(join(dir, 'pwfile'), password);
  if (pgUser !== null) chownSync(join(dir, 'pwfile'), pgUser, pgUser);
  await as('initdb', ['-D', data, '-U', 'postgres', '-A', 'scram-sha-256', `--pwfile=${join(dir, 'pwfile')}`, '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  // fsync off: the tests kill liveprop servers, never PostgreSQL, so its durability on power loss is not under test.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = async (): Promise<void> => {
    await as('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', options, '-w', '-t', '60', 'start']);
  };
  const stop = async (): Promise<void> => {
    await as('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  };
  await start();
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  let running = true;
  return {
    url,
    password,
    port,
    async createDatabase() {
      const name = `t${process.pid}_${++databases}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres:${password}@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      await stop();
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async remove() {
      if (running) await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    giveDir(target) {
      if (pgUser !== null) chownSync(target, pgUser, pgUser);
    },
  };
}
