import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../storage/pg/openPostgresStore.js';
import { startPostgres, type TestPostgres } from '../testing/postgres.js';
import { unwrap } from '../testing/storeResults.js';

const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 120_000);
afterAll(async () => {
  await postgres.remove();
}, 60_000);

/** Runs `liveprop serve` with `LIVEPROP_DATABASE_URL`; stops it with SIGTERM once it listens (after `whileUp`). */
function serve(databaseUrl: string, whileUp: (url: string) => Promise<void> = async () => {}): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, [MAIN, 'serve'], { env: { ...process.env, LIVEPROP_DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' } });
  let stderr = '';
  let stdout = '';
  let up = false;
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
    const match = /serving on (http:\/\/\S+)/.exec(stdout);
    if (match === null || up) return;
    up = true;
    void whileUp(match[1]!).finally(() => child.kill('SIGTERM'));
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr, stdout })));
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('liveprop serve on PostgreSQL (LIVEPROP_DATABASE_URL)', () => {
  it('stores sessions in the database and serves them after a restart', async () => {
    const url = await postgres.createDatabase();
    let id = '';
    const first = await serve(url, async (base) => {
      const res = await fetch(`${base}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ preset: 'xor' }) });
      id = ((await res.json()) as { id: string }).id;
    });
    expect(first.code).toBe(0);
    let listed: { id: string }[] = [];
    const second = await serve(url, async (base) => {
      listed = (await (await fetch(`${base}/api/sessions`)).json()) as { id: string }[];
    });
    expect(second.code).toBe(0);
    expect(listed.map((s) => s.id)).toContain(id);
    const store = unwrap(await openPostgresStore(url));
    expect(unwrap(await store.getSession(id))).toMatchObject({ id, status: 'paused' });
    await store.close();
    expect(first.stdout + first.stderr + second.stdout + second.stderr).not.toContain(postgres.password);
  }, 60_000);

  it('exits 1 with one line naming the URL without its password when PostgreSQL cannot be reached', async () => {
    const port = await closedPort();
    const result = await serve(`postgres://liveprop:s3cret-Pa55@127.0.0.1:${port}/runs`);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`cannot reach PostgreSQL at postgres://liveprop@127.0.0.1:${port}/runs`);
    expect(lines[0]).toContain('start PostgreSQL or fix LIVEPROP_DATABASE_URL');
    expect(result.stderr + result.stdout).not.toContain('s3cret-Pa55');
  }, 30_000);

  it('exits 1 with one line and no password when the password is wrong', async () => {
    const url = await postgres.createDatabase();
    const wrong = url.replace(postgres.password, 'not-the-Pa55word');
    const result = await serve(wrong);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('password authentication failed');
    expect(lines[0]).toContain(`postgres://postgres@127.0.0.1:${postgres.port}/`);
    expect(result.stderr + result.stdout).not.toContain('not-the-Pa55word');
    expect(result.stderr + result.stdout).not.toContain(postgres.password);
  }, 30_000);
});
