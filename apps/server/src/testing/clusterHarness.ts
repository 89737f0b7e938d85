import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { spawnServer } from './childServer.js';
import { startPostgres, type TestPostgres } from './postgres.js';
import { startRedis, type RedisHarness } from './redisHarness.js';

const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** One `liveprop serve` process of a test cluster. */
export interface NodeProcess {
  url: string;
  child: ChildProcess;
  /** Resolves once the process has exited. */
  exited: Promise<void>;
  /** Everything it printed (logs included) since it listened. */
  log(): string;
}

/** How many sessions `node` trains, from its `/healthz`. */
export async function ownedBy(node: NodeProcess): Promise<number> {
  return ((await (await fetch(`${node.url}/healthz`)).json()) as { cluster: { owned: number } }).cluster.owned;
}

/**
 * A real cluster for tests: redis-server and PostgreSQL on free ports in temp dirs, and `liveprop serve` child
 * processes joined to both. Throws (never skips) when redis-server or PostgreSQL is missing.
 */
export class ClusterHarness {
  readonly children: ChildProcess[] = [];
  private constructor(
    readonly redis: RedisHarness,
    readonly postgres: TestPostgres,
    readonly databaseUrl: string,
  ) {}

  static async start(): Promise<ClusterHarness> {
    const redis = await startRedis();
    try {
      const postgres = await startPostgres();
      return new ClusterHarness(redis, postgres, await postgres.createDatabase());
    } catch (err) {
      await redis.close();
      throw err;
    }
  }

  /** Starts one more node; `env` adds to (or overrides) the cluster's variables. */
  async node(env: NodeJS.ProcessEnv = {}): Promise<NodeProcess> {
    const { child, url } = await spawnServer(
      [MAIN, 'serve'],
      { LIVEPROP_REDIS_URL: this.redis.url, LIVEPROP_DATABASE_URL: this.databaseUrl, PORT: '0', HOST: '127.0.0.1', ...env },
      /serving on (http:\/\/\S+)/,
      this.children,
    );
    const exited = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
    let log = '';
    for (const out of [child.stdout!, child.stderr!]) out.on('data', (d: Buffer) => (log += d.toString('utf8')));
    return { url, child, exited, log: () => log };
  }

  /** Creates a session through `node`'s REST API; answers its id and edit token. */
  async createSession(node: NodeProcess, body: unknown = { preset: 'xor' }): Promise<{ id: string; editToken: string }> {
    const res = await fetch(`${node.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`expected 201 from POST /api/sessions, got ${res.status}: ${await res.text()}`);
    const { id, editUrl } = (await res.json()) as { id: string; editUrl: string };
    return { id, editToken: editUrl.split('#edit=')[1]! };
  }

  /** Kills every node left (SIGKILL) and stops Redis and PostgreSQL. */
  async close(): Promise<void> {
    await Promise.all(
      this.children.map((child) => {
        if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGCONT');
        child.kill('SIGKILL');
        return exited;
      }),
    );
    await this.redis.close();
    await this.postgres.remove();
  }
}

/** A test file's cluster: a harness and its node processes, started before the file's tests and stopped after. */
export interface FileCluster {
  h: ClusterHarness;
  nodes: NodeProcess[];
}

/** Starts Redis, PostgreSQL and `count` nodes before the file's tests (hooks registered here) and stops them after. */
export function useCluster(count: number): FileCluster {
  const cluster = {} as FileCluster;
  beforeAll(async () => {
    cluster.h = await ClusterHarness.start();
    cluster.nodes = await Promise.all(Array.from({ length: count }, () => cluster.h.node()));
  }, 120_000);
  afterAll(async () => {
    await cluster.h?.close();
  }, 60_000);
  return cluster;
}
