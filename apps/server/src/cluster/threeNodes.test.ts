import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sessionListSchema, type ServerMessage, type SessionSummary } from '@liveprop/protocol';
import { describe, expect, it, vi } from 'vitest';
import { useCluster, type NodeProcess } from '../testing/clusterHarness.js';
import { TestClient } from '../testing/testClient.js';
import { PRESENCE_SYNC_MS, PRESENCE_TTL_MS } from './clusterConfig.js';

type Sequenced = Extract<ServerMessage, { seq: number }>;
const sequenced = (m: ServerMessage): m is Sequenced => 'seq' in m && m.type !== 'sessionState';

function stateOf(c: TestClient): Extract<ServerMessage, { type: 'sessionState' }> {
  const state = c.received.findLast((m) => m.type === 'sessionState');
  if (state?.type !== 'sessionState') throw new Error('client has no sessionState');
  return state;
}

/** The epochs a client was sent in metrics frames, in order. */
function epochsOf(c: TestClient): number[] {
  return c.received.flatMap((m) => (m.type === 'metrics' ? [...m.columns.epoch] : []));
}

async function lobby(node: NodeProcess): Promise<SessionSummary[]> {
  return sessionListSchema.parse(await (await fetch(`${node.url}/api/sessions`)).json());
}

const cluster = useCluster(3);

describe('cluster mode: three server processes, one Redis, one PostgreSQL', () => {
  it('a session trained on A is watched, steered and listed through every node, every viewer getting the same frames', async () => {
    const [a, b, c] = cluster.nodes as [NodeProcess, NodeProcess, NodeProcess];
    const s = await cluster.h.createSession(a);
    const editor = await TestClient.joined(b.url, s.id, s.editToken, 'Ed');
    const viewer = await TestClient.joined(c.url, s.id, undefined, 'Vi');
    const local = await TestClient.joined(a.url, s.id, undefined, 'Lo');
    const all = [editor, viewer, local];
    expect(all.map((cl) => stateOf(cl).role)).toEqual(['editor', 'viewer', 'viewer']);
    expect(new Set(all.map((cl) => stateOf(cl).streamId)).size).toBe(1);

    viewer.send({ type: 'control', command: { action: 'play' } });
    expect(await viewer.next((m) => m.type === 'error')).toEqual({
      type: 'error', code: 'forbidden', message: 'viewers cannot send "control"; open the edit link to steer this session', requestType: 'control',
    });
    editor.send({ type: 'control', command: { action: 'play' } });
    for (const cl of all) await cl.next((m) => m.type === 'status' && m.status === 'running' && m.by === 'Ed');
    for (const cl of all) await cl.seen((m) => m.type === 'presence' && m.count === 3, 15_000);
    expect((await local.seen((m) => m.type === 'presence' && m.count === 3)).type === 'presence').toBe(true);
    for (const cl of all) await cl.next((m) => m.type === 'metrics' && m.columns.epoch.length > 0);
    for (const node of cluster.nodes) {
      await vi.waitFor(async () => expect((await lobby(node)).find((row) => row.id === s.id)).toMatchObject({ viewers: 3, status: 'running' }), { timeout: 10_000, interval: 200 });
    }

    editor.send({ type: 'control', command: { action: 'pause' } });
    const paused = await Promise.all(all.map((cl) => cl.next<Sequenced>((m) => m.type === 'status' && m.status === 'paused')));
    expect(new Set(paused.map((m) => m.seq)).size).toBe(1);
    // From the last join on, all three saw the very same sequenced frames, in order, without gaps.
    const from = Math.max(...all.map((cl) => stateOf(cl).seq));
    const until = paused[0]!.seq;
    const seen = all.map((cl) => cl.received.filter(sequenced).filter((m) => m.seq > from && m.seq <= until));
    expect(seen[0]!.map((m) => m.seq)).toEqual(Array.from({ length: until - from }, (_, i) => from + 1 + i));
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
    for (const cl of all) {
      const epochs = epochsOf(cl);
      expect(epochs.length).toBeGreaterThan(0);
      expect(epochs).toEqual(Array.from({ length: epochs.length }, (_, i) => epochs[0]! + i));
      expect(cl.invalid).toEqual([]);
    }
    for (const cl of all) cl.close();
  }, 60_000);

  it('a wrong edit token on a gateway joins as a viewer with forbidden, an unknown id is unknown_session, as on one node', async () => {
    const [a, , c] = cluster.nodes as [NodeProcess, NodeProcess, NodeProcess];
    const s = await cluster.h.createSession(a);
    const client = await TestClient.connect(c.url);
    client.send({ type: 'hello', protocol: 1 });
    client.send({ type: 'join', sessionId: s.id, editToken: 'not-the-token' });
    expect(await client.next((m) => m.type === 'sessionState')).toMatchObject({ role: 'viewer' });
    expect(await client.next((m) => m.type === 'error')).toMatchObject({ code: 'forbidden', message: 'the edit token does not match this session; joined as a viewer' });
    const stranger = await TestClient.connect(c.url);
    stranger.send({ type: 'hello', protocol: 1 });
    stranger.send({ type: 'join', sessionId: 'no-such-session' });
    expect(await stranger.next((m) => m.type === 'error')).toEqual({ type: 'error', code: 'unknown_session', message: 'no session with id "no-such-session"', requestType: 'join' });
    client.close();
    stranger.close();
  }, 30_000);

  it('REST about a session trained elsewhere is answered through any node: metrics, rename with the edit token, refusals', async () => {
    const [a, b] = cluster.nodes as [NodeProcess, NodeProcess, NodeProcess];
    const s = await cluster.h.createSession(a);
    const watcher = await TestClient.joined(a.url, s.id);
    const path = `/api/sessions/${s.id}/metrics.json?points=10`;
    const [here, there] = await Promise.all([fetch(`${a.url}${path}`), fetch(`${b.url}${path}`)]);
    expect(there.status).toBe(200);
    expect(await there.json()).toEqual(await here.json());
    const rename = (token: string) =>
      fetch(`${b.url}/api/sessions/${s.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ name: 'renamed via b' }) });
    expect((await rename('wrong')).status).toBe(403);
    expect((await rename(s.editToken)).status).toBe(204);
    expect(await watcher.next((m) => m.type === 'event' && m.what === 'name')).toMatchObject({ to: 'renamed via b' });
    const foreign = await fetch(`${b.url}/api/sessions/${s.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', origin: 'http://evil.example' }, body: '{}' });
    expect(foreign.status).toBe(403);
    expect((await fetch(`${b.url}/api/sessions/nope/metrics.json`)).status).toBe(404);
    watcher.close();
  }, 30_000);

  it('[R38] ?related= through any node answers a session trained elsewhere with its fork', async () => {
    const [a, b] = cluster.nodes as [NodeProcess, NodeProcess, NodeProcess];
    const s = await cluster.h.createSession(a);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${s.editToken}` };
    const forked = await fetch(`${b.url}/api/sessions/${s.id}/fork`, { method: 'POST', headers, body: '{}' });
    expect(forked.status).toBe(201);
    const fork = (await forked.json()) as { id: string };
    for (const node of [a, b]) {
      const rows = sessionListSchema.parse(await (await fetch(`${node.url}/api/sessions?related=${fork.id}`)).json());
      expect(rows.map((r) => [r.id, r.parentId]).sort()).toEqual([[fork.id, s.id], [s.id, null]].sort());
    }
    expect((await fetch(`${b.url}/api/sessions?related=`)).status).toBe(400);
  }, 30_000);

  it('a viewer that dropped from one gateway resumes on another with exactly the frames it missed', async () => {
    const [a, b, c] = cluster.nodes as [NodeProcess, NodeProcess, NodeProcess];
    const s = await cluster.h.createSession(a);
    const editor = await TestClient.joined(a.url, s.id, s.editToken);
    const watcher = await TestClient.joined(b.url, s.id);
    const change = (i: number): void => editor.send({ type: 'change', change: { what: 'learningRate', value: 0.001 * i } });
    for (let i = 1; i <= 3; i++) change(i);
    await watcher.next((m) => m.type === 'event' && m.to === 0.003);
    const lastSeq = watcher.lastSeq();
    const streamId = stateOf(watcher).streamId;
    watcher.close();
    await watcher.closed;
    for (let i = 4; i <= 8; i++) change(i);
    await editor.next((m) => m.type === 'event' && m.to === 0.008);

    const back = await TestClient.connect(c.url);
    back.send({ type: 'hello', protocol: 1, lastSeq, streamId });
    back.send({ type: 'join', sessionId: s.id });
    const resumed = await back.next((m) => m.type === 'resumed');
    expect(resumed).toMatchObject({ fromSeq: lastSeq + 1, streamId, role: 'viewer' });
    const toSeq = resumed.type === 'resumed' ? resumed.toSeq : -1;
    const fromEditor = editor.received.filter(sequenced).filter((m) => m.seq > lastSeq && m.seq <= toSeq);
    await vi.waitFor(() => expect(back.received.filter(sequenced).filter((m) => m.seq <= toSeq)).toEqual(fromEditor), { timeout: 5_000 });
    expect(fromEditor.filter((m) => m.type === 'event').map((m) => (m.type === 'event' ? m.to : 0))).toEqual([0.004, 0.005, 0.006, 0.007, 0.008]);
    expect(back.received.some((m) => m.type === 'sessionState' || m.type === 'resync')).toBe(false);
    editor.close();
    back.close();
  }, 30_000);

  it(`a killed gateway's viewers leave the owner's presence within PRESENCE_TTL_MS (${PRESENCE_TTL_MS} ms) and a sync round`, async () => {
    const [a, , c] = cluster.nodes as [NodeProcess, NodeProcess, NodeProcess];
    const s = await cluster.h.createSession(a);
    const watching = await TestClient.joined(a.url, s.id);
    await Promise.all([TestClient.joined(c.url, s.id), TestClient.joined(c.url, s.id)]);
    const lastCount = (): number | undefined => watching.received.findLast((m) => m.type === 'presence')?.count;
    await vi.waitFor(() => expect(lastCount()).toBe(3), { timeout: 20_000, interval: 100 });
    c.child.kill('SIGKILL');
    await c.exited;
    // Its sockets closed with it, but nothing told the owner: only the lapsed heartbeat takes them out.
    await vi.waitFor(() => expect(lastCount()).toBe(1), { timeout: PRESENCE_TTL_MS + PRESENCE_SYNC_MS + 20_000, interval: 100 });
    watching.close();
  }, 40_000);
});

const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** Runs `liveprop serve` with `env`, expecting it to refuse to start. */
function serveRefused(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, [MAIN, 'serve'], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', LIVEPROP_DATABASE_URL: '', ...env } });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) => child.once('exit', (code) => (clearTimeout(timer), resolve({ code, stderr, stdout }))));
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('liveprop serve with LIVEPROP_REDIS_URL: one line and exit 1 when the cluster cannot be joined, no password shown', () => {
  it('without LIVEPROP_DATABASE_URL', async () => {
    const result = await serveRefused({ LIVEPROP_REDIS_URL: 'redis://:hunter2-Pa55@127.0.0.1:6379' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'liveprop serve: cannot start: LIVEPROP_REDIS_URL (redis://:***@127.0.0.1:6379) needs LIVEPROP_DATABASE_URL: a cluster\'s nodes share one PostgreSQL store',
    ]);
    expect(result.stdout + result.stderr).not.toContain('hunter2');
  }, 30_000);

  it('with a URL that is not a Redis URL', async () => {
    const result = await serveRefused({ LIVEPROP_REDIS_URL: 'http://user:hunter2-Pa55@host', LIVEPROP_DATABASE_URL: cluster.h.databaseUrl });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'liveprop serve: cannot start: LIVEPROP_REDIS_URL "http://user:***@host" has scheme http: instead of redis: or rediss:; expected redis://[user:password@]host[:port][/db]',
    ]);
  }, 30_000);

  it('when Redis does not answer', async () => {
    const port = await closedPort();
    const result = await serveRefused({ LIVEPROP_REDIS_URL: `redis://:hunter2-Pa55@127.0.0.1:${port}`, LIVEPROP_DATABASE_URL: cluster.h.databaseUrl });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`liveprop serve: cannot start: expected Redis at redis://:***@127.0.0.1:${port} to accept a connection`);
    expect(result.stdout + result.stderr).not.toContain('hunter2');
    expect(result.stdout + result.stderr).not.toContain(cluster.h.postgres.password);
  }, 30_000);
});
