// A throwaway PostgreSQL for benches: Debian's binaries, a fresh cluster in a temp dir on a free port (run as the
// `postgres` user when root, since PostgreSQL refuses root). The tests' harness is src/testing/postgres.ts.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function binDir() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => b - a) : [];
  if (process.env.LIVEPROP_PG_BIN) return process.env.LIVEPROP_PG_BIN;
  if (versions.length === 0) throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql; install the postgresql package');
  return join(root, versions[0], 'bin');
}

const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

/** Starts a cluster; answers `createDatabase(pg)` (a fresh database's URL) and `stop()`. */
export async function startBenchPostgres() {
  const bin = binDir();
  const asRoot = process.getuid() === 0;
  const uid = asRoot ? Number(execFileSync('id', ['-u', 'postgres']).toString().trim()) : null;
  const as = (cmd, args) => execFileSync(asRoot ? 'runuser' : join(bin, cmd), asRoot ? ['-u', 'postgres', '--', join(bin, cmd), ...args] : args, { stdio: 'pipe' });
  const dir = mkdtempSync(join(tmpdir(), 'liveprop-bench-pg-'));
  if (uid !== null) chownSync(dir, uid, uid);
  writeFileSync(join(dir, 'pw'), 'bench');
  as('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '-A', 'scram-sha-256', `--pwfile=${join(dir, 'pw')}`, '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  // Durable settings as shipped (fsync on): the bench measures what a real deployment pays per commit.
  as('pg_ctl', ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, '-w', 'start']);
  let n = 0;
  return {
    createDatabase: async (pg) => {
      const name = `bench${++n}`;
      const client = new pg.Client({ connectionString: `postgres://postgres:bench@127.0.0.1:${port}/postgres` });
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      return `postgres://postgres:bench@127.0.0.1:${port}/${name}`;
    },
    stop() {
      as('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
