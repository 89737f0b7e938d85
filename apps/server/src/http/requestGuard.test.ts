import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/testServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ allowedOrigins: ['http://dev.example:5173'] });
});
afterAll(async () => {
  await server.close();
});

interface Answer {
  status: number;
  body: string;
}

/** A raw HTTP request, so Host and Origin can be anything a browser or an attacker's page could send. */
function send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, headers });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: '' });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const UPGRADE = { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' };
const JSON_TYPE = { 'content-type': 'application/json' };
const errorCode = (a: Answer): unknown => (JSON.parse(a.body) as { error?: { code?: string } }).error?.code;
const errorLogs = (): string[] => server.logs.filter((l) => l.includes('"level":50'));
const sessionCount = async (): Promise<number> => ((await (await fetch(`${server.url}/api/sessions`)).json()) as unknown[]).length;

describe('HTTP and WebSocket edges', () => {
  it('[R34] answers malformed percent-encoding on any API path with 400 invalid_path, logging no error', async () => {
    const s = await server.createSession();
    const errorsBefore = errorLogs().length;
    for (const [method, path] of [
      ['GET', '/api/sessions/%E0%A4%A'],
      ['GET', '/api/sessions/%E0%A4%A/metrics.csv'],
      ['GET', '/api/sessions/%/model.json'],
      ['PATCH', '/api/sessions/%ZZ'],
      ['DELETE', '/api/sessions/%E0%A4%A'],
      ['POST', `/api/sessions/${s.id}%E0/fork`],
    ] as const) {
      const answer = await send(method, path, JSON_TYPE, method === 'GET' || method === 'DELETE' ? undefined : '{}');
      expect({ path, status: answer.status, code: errorCode(answer) }).toEqual({ path, status: 400, code: 'invalid_path' });
      expect(answer.body).toContain('percent-encoding');
    }
    expect(errorLogs().length).toBe(errorsBefore);
  });

  it('[R34] refuses a Host that is not the loopback server\'s own, on HTTP and WebSocket upgrades (DNS rebinding)', async () => {
    const evil = `evil.example:${server.port}`;
    expect((await send('GET', '/api/sessions', { host: evil })).status).toBe(421);
    expect((await send('GET', '/', { host: evil })).status).toBe(421);
    expect((await send('GET', '/ws', { ...UPGRADE, host: evil, origin: `http://${evil}` })).status).toBe(421);
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LOCALHOST:${server.port}`]) {
      expect((await send('GET', '/api/sessions', { host })).status).toBe(200);
    }
  });

  it('[R34] lets the WebSocket open only from the server\'s own origins and LIVEPROP_ALLOWED_ORIGINS, never from Host', async () => {
    expect((await send('GET', '/ws', { ...UPGRADE, origin: `http://evil.example:${server.port}` })).status).toBe(403);
    expect((await send('GET', '/ws', { ...UPGRADE, origin: 'http://evil.example' })).status).toBe(403);
    expect((await send('GET', '/ws', { ...UPGRADE, origin: 'null' })).status).toBe(403);
    expect((await send('GET', '/ws', { ...UPGRADE, origin: `http://localhost:${server.port}` })).status).toBe(101);
    expect((await send('GET', '/ws', { ...UPGRADE, origin: server.url })).status).toBe(101);
    expect((await send('GET', '/ws', { ...UPGRADE, origin: 'http://dev.example:5173' })).status).toBe(101);
    expect((await send('GET', '/ws', { ...UPGRADE, host: 'dev.example:5173', origin: 'http://dev.example:5173' })).status).toBe(101);
    expect((await send('GET', '/ws', UPGRADE)).status).toBe(101);
  });

  it('[R34] refuses mutating REST from a cross-site form or a foreign origin, creating nothing', async () => {
    const before = await sessionCount();
    const form = await send('POST', '/api/sessions', { 'content-type': 'text/plain' }, '{"preset":"xor"}');
    expect([form.status, errorCode(form)]).toEqual([415, 'unsupported_media_type']);
    expect(form.body).toContain('application/json');
    const bare = await send('POST', '/api/sessions', {}, '{"preset":"xor"}');
    expect(bare.status).toBe(415);
    const foreign = await send('POST', '/api/sessions', { ...JSON_TYPE, origin: 'http://evil.example' }, '{"preset":"xor"}');
    expect([foreign.status, errorCode(foreign)]).toEqual([403, 'forbidden_origin']);
    expect(foreign.body).toContain('LIVEPROP_ALLOWED_ORIGINS');
    expect(await sessionCount()).toBe(before);

    const s = await server.createSession();
    const auth = { authorization: `Bearer ${s.editToken}` };
    expect((await send('DELETE', `/api/sessions/${s.id}`, { ...auth, origin: 'http://evil.example' })).status).toBe(403);
    expect((await send('PATCH', `/api/sessions/${s.id}`, { ...auth, 'content-type': 'text/plain' }, '{"name":"x"}')).status).toBe(415);
    expect((await send('POST', `/api/sessions/${s.id}/fork`, { ...auth, 'content-type': 'text/plain' }, '{}')).status).toBe(415);
    expect(await sessionCount()).toBe(before + 1);

    // The dashboard's own calls: same origin, JSON bodies (charset allowed), DELETE without a body.
    const own = { origin: server.url, 'content-type': 'application/json; charset=utf-8' };
    expect((await send('POST', '/api/sessions', own, '{"preset":"xor"}')).status).toBe(201);
    expect((await send('PATCH', `/api/sessions/${s.id}`, { ...own, ...auth }, '{"name":"renamed"}')).status).toBe(204);
    expect((await send('DELETE', `/api/sessions/${s.id}`, { origin: server.url, ...auth })).status).toBe(204);
  });

  it('[R34] takes text/csv only on the CSV upload route, and still refuses it from a foreign origin', async () => {
    const s = await server.createSession();
    const csv = 'x1,x2,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n';
    const auth = { authorization: `Bearer ${s.editToken}`, 'content-type': 'text/csv' };
    const datasetKind = (): string | undefined => server.registry.get(s.id)?.config.dataset.kind;
    const kindBefore = datasetKind();
    expect(kindBefore).not.toBe('csv');
    const foreign = await send('POST', `/api/sessions/${s.id}/dataset`, { ...auth, origin: 'http://evil.example' }, csv);
    expect([foreign.status, errorCode(foreign)]).toEqual([403, 'forbidden_origin']);
    const noOrigin = await send('POST', `/api/sessions/${s.id}/dataset`, { ...auth, origin: 'null' }, csv);
    expect(noOrigin.status).toBe(403);
    expect(datasetKind()).toBe(kindBefore);
    // A CSV body anywhere else is still not JSON.
    expect((await send('POST', `/api/sessions/${s.id}/fork`, { ...auth, origin: server.url }, csv)).status).toBe(415);
    expect((await send('POST', '/api/sessions', { 'content-type': 'text/csv', origin: server.url }, csv)).status).toBe(415);
    const own = await send('POST', `/api/sessions/${s.id}/dataset`, { ...auth, origin: server.url }, csv);
    expect(own.status).toBe(200);
    expect(datasetKind()).toBe('csv');
  });
});
