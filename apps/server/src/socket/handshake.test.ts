import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** Attempts a WebSocket upgrade and reports the HTTP status the server answered with. */
function upgradeStatus(path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('handshake', () => {
  it('[R1] answers hello with welcome carrying a client id, name and colour', async () => {
    const client = await TestClient.connect(server.url);
    client.send({ type: 'hello', protocol: 1, name: 'Ada' });
    const welcome = await client.next((m) => m.type === 'welcome');
    expect(welcome).toMatchObject({ type: 'welcome', protocol: 1, name: 'Ada' });
    expect(welcome.type === 'welcome' && /^#[0-9a-f]{6}$/.test(welcome.colour)).toBe(true);
    client.close();
  });

  it('[R1] keeps the colour a returning browser sends in hello, and a colour that is not #rrggbb is refused', async () => {
    const client = await TestClient.connect(server.url);
    client.send({ type: 'hello', protocol: 1, name: 'Ada', colour: '#12ab34' });
    expect(await client.next((m) => m.type === 'welcome')).toMatchObject({ name: 'Ada', colour: '#12ab34' });
    client.close();
    const bad = await TestClient.connect(server.url);
    bad.send({ type: 'hello', protocol: 1, colour: 'red; background: url(x)' });
    expect(await bad.next((m) => m.type === 'error')).toMatchObject({ code: 'invalid_field', path: 'colour' });
    bad.close();
  });

  it('[R25] answers ping with a pong of the same id, before and after join', async () => {
    const session = await server.createSession();
    const client = await TestClient.connect(server.url);
    client.send({ type: 'hello', protocol: 1 });
    await client.next((m) => m.type === 'welcome');
    client.send({ type: 'ping', id: 41 });
    expect(await client.next((m) => m.type === 'pong')).toEqual({ type: 'pong', id: 41 });
    client.send({ type: 'join', sessionId: session.id });
    await client.next((m) => m.type === 'sessionState');
    client.send({ type: 'ping', id: 42 });
    expect(await client.next((m) => m.type === 'pong')).toEqual({ type: 'pong', id: 42 });
    client.close();
  });

  it('[R2] refuses another protocol version with version_mismatch and close 4000', async () => {
    const client = await TestClient.connect(server.url);
    client.send({ type: 'hello', protocol: 99 });
    const error = await client.next((m) => m.type === 'error');
    expect(error).toMatchObject({ code: 'version_mismatch', requestType: 'hello' });
    const closed = await client.closed;
    expect(closed.code).toBe(4000);
    expect(closed.reason).toContain('99');
  });

  it('[R1] closes with 4001 when the first valid frame is not hello', async () => {
    const session = await server.createSession();
    const client = await TestClient.connect(server.url);
    client.send({ type: 'join', sessionId: session.id });
    expect(await client.next((m) => m.type === 'error')).toMatchObject({ code: 'hello_required' });
    expect((await client.closed).code).toBe(4001);
  });

  it('refuses upgrades on any path but /ws', async () => {
    expect(await upgradeStatus('/socket')).toBe(404);
  });

  it('refuses upgrades from a foreign Origin and accepts the same host', async () => {
    expect(await upgradeStatus('/ws', { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus('/ws', { origin: server.url })).toBe(101);
  });

  it('accepts a browser-like client whose Origin matches the host', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, { origin: server.url });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.close();
  });
});
