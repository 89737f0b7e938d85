import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

const dataDir = mkdtempSync(join(tmpdir(), 'liveprop-edit-'));
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ dataDir });
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const call = (method: string, id: string, token?: string, body?: unknown): Promise<Response> =>
  fetch(`${server.url}/api/sessions/${encodeURIComponent(id)}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });

const listed = async (): Promise<{ id: string; name: string }[]> => (await (await fetch(`${server.url}/api/sessions`)).json()) as { id: string; name: string }[];

describe('rename and delete with an edit token', () => {
  it('[R21] refuses rename and delete without the edit token or with a wrong one, changing nothing', async () => {
    const s = await server.createSession({ preset: 'xor', name: 'before' });
    const other = await server.createSession({ preset: 'xor' });
    for (const token of [undefined, 'not-the-token', other.editToken]) {
      const renamed = await call('PATCH', s.id, token, { name: 'after' });
      expect(renamed.status).toBe(403);
      expect(await renamed.json()).toMatchObject({ error: { code: 'forbidden' } });
      expect((await call('DELETE', s.id, token)).status).toBe(403);
    }
    const basic = await fetch(`${server.url}/api/sessions/${s.id}`, { method: 'DELETE', headers: { authorization: `Basic ${s.editToken}` } });
    expect(basic.status).toBe(403);
    expect(await listed()).toContainEqual(expect.objectContaining({ id: s.id, name: 'before' }));
  });

  it('[R21] answers 404 for an unknown session id', async () => {
    const renamed = await call('PATCH', 'no-such-session', 'x', { name: 'a' });
    expect(renamed.status).toBe(404);
    expect(await renamed.json()).toMatchObject({ error: { code: 'unknown_session' } });
    expect((await call('DELETE', 'no-such-session', 'x')).status).toBe(404);
  });

  it('[R21] answers 400 for a missing, empty, too long or non-string name, and for a body that is not JSON', async () => {
    const s = await server.createSession({ preset: 'xor', name: 'kept' });
    for (const body of [{}, { name: '   ' }, { name: 'x'.repeat(101) }, { name: 7 }, [], 'null']) {
      const res = await call('PATCH', s.id, s.editToken, body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'invalid_name' } });
    }
    const bad = await call('PATCH', s.id, s.editToken, '{"name":');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'bad_json' } });
    expect(await listed()).toContainEqual(expect.objectContaining({ id: s.id, name: 'kept' }));
  });

  it('[R21] renames with the edit token, tells viewers with a name event and keeps the name across a restart', async () => {
    const s = await server.createSession({ preset: 'xor', name: 'old name' });
    const viewer = await TestClient.joined(server.url, s.id);
    const res = await call('PATCH', s.id, s.editToken, { name: '  lr sweep  ' });
    expect(res.status).toBe(204);
    const event = await viewer.next((m) => m.type === 'event');
    expect(event).toMatchObject({ what: 'name', by: 'editor', from: 'old name', to: 'lr sweep' });
    expect(await listed()).toContainEqual(expect.objectContaining({ id: s.id, name: 'lr sweep' }));
    viewer.close();

    await server.close();
    server = await startTestServer({ dataDir });
    expect(await listed()).toContainEqual(expect.objectContaining({ id: s.id, name: 'lr sweep' }));
  });

  it('[R21] deletes with the edit token: viewers are told and closed with 4004, and the session is gone after a restart', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const viewer = await TestClient.joined(server.url, s.id);
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    editor.send({ type: 'control', command: { action: 'play' } });
    await editor.next((m) => m.type === 'metrics');
    expect((await call('DELETE', s.id, s.editToken)).status).toBe(204);
    for (const client of [viewer, editor]) {
      expect(await client.next((m) => m.type === 'error')).toMatchObject({ code: 'unknown_session' });
      expect(await client.closed).toEqual({ code: 4004, reason: 'session deleted' });
    }
    expect((await listed()).map((x) => x.id)).not.toContain(s.id);
    expect((await fetch(`${server.url}/api/sessions/${s.id}/metrics.csv`)).status).toBe(404);
    expect((await call('DELETE', s.id, s.editToken)).status).toBe(404);

    await server.close();
    server = await startTestServer({ dataDir });
    expect((await listed()).map((x) => x.id)).not.toContain(s.id);
  });
});
