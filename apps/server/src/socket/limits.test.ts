import type { Socket } from 'node:net';
import { getPreset } from '@liveprop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

let server: TestServer;
let session: Awaited<ReturnType<TestServer['createSession']>>;

beforeAll(async () => {
  server = await startTestServer();
  session = await server.createSession({ preset: 'xor' });
});
afterAll(async () => {
  await server.close();
});

const greeted = async (): Promise<TestClient> => {
  const client = await TestClient.connect(server.url);
  client.send({ type: 'hello', protocol: 1 });
  await client.next((m) => m.type === 'welcome');
  return client;
};

describe('limits', () => {
  it('[R6] answers a frame over 64 KiB with too_large and closes with 4009', async () => {
    const client = await greeted();
    client.send(JSON.stringify({ type: 'setName', name: 'x'.repeat(100 * 1024) }));
    expect(await client.next((m) => m.type === 'error')).toMatchObject({ code: 'too_large' });
    const closed = await client.closed;
    expect(closed.code).toBe(4009);
    expect(closed.reason).toContain('exceeds');
  });

  it('[R6] [R35] closes a connection whose frame passes the 1 MiB transport cap with 1009', async () => {
    const client = await greeted();
    client.send('x'.repeat(2 * 1024 * 1024));
    expect((await client.closed).code).toBe(1009);
  });

  it('[R35] closes a connection that sends a text frame of invalid UTF-8 with 1007', async () => {
    const client = await greeted();
    client.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await client.closed).code).toBe(1007);
  });

  it('[R7] answers a flood with rate_limited, then closes it with 4029, and keeps serving others', async () => {
    const bystander = await TestClient.joined(server.url, session.id);
    const flooder = await greeted();
    for (let i = 0; i < 400; i++) flooder.send({ type: 'setName', name: `n${i}` });
    expect(await flooder.next((m) => m.type === 'error' && m.code === 'rate_limited')).toMatchObject({ code: 'rate_limited' });
    const closed = await flooder.closed;
    expect(closed.code).toBe(4029);
    expect(flooder.received.filter((m) => m.type === 'error' && m.code === 'rate_limited').length).toBe(1);
    bystander.send({ type: 'setName', name: 'still-here' });
    await bystander.next((m) => m.type === 'presence' && m.viewers.some((v) => v.name === 'still-here'));
    bystander.close();
  });

  it('[R16] drops a peer that stops answering pings and keeps one that answers', async () => {
    // Its own server: a short heartbeat would also drop healthy clients of the other tests when the machine is busy.
    const beating = await startTestServer({ heartbeatMs: 1000 });
    const healthy = await TestClient.connect(beating.url);
    healthy.send({ type: 'hello', protocol: 1 });
    await healthy.next((m) => m.type === 'welcome');
    const dead = await TestClient.connect(beating.url, { autoPong: false });
    dead.send({ type: 'hello', protocol: 1 });
    await dead.next((m) => m.type === 'welcome');
    expect((await dead.closed).code).toBe(1006);
    expect(beating.logs.some((l) => l.includes('dropping dead peer'))).toBe(true);
    healthy.send({ type: 'hello', protocol: 1 });
    expect(await healthy.next((m) => m.type === 'error')).toMatchObject({ requestType: 'hello' });
    healthy.close();
    await beating.close();
  });

  it('[R14] [R35] closes a stalled viewer once its unsent bytes pass 1 MiB while others keep receiving; it never reads the 4008', async () => {
    const config = getPreset('xor');
    if (!config) throw new Error('core has no xor preset');
    config.dataset.samples = 40;
    config.training.batchSize = 0;
    const fast = await server.createSession({ config });
    const editor = await TestClient.joined(server.url, fast.id, fast.editToken);
    // A speed limit keeps the healthy editor's own stream (~400 KB/s of metrics) far below the bound on a busy machine.
    editor.send({ type: 'speed', epochsPerSecond: 3000 });
    editor.send({ type: 'control', command: { action: 'play' } });
    await editor.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e >= 3000), 20_000);

    const stalled = await TestClient.joined(server.url, fast.id);
    const socket = (stalled.ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    for (let i = 0; i < 60; i++) stalled.send({ type: 'requestHistory', from: 0, to: 1e9, resolution: 10_000 });

    await editor.next((m) => m.type === 'presence' && m.viewers.length === 1, 20_000);
    expect(server.logs.some((l) => l.includes('"code":4008') && l.includes('slow consumer'))).toBe(true);
    const list = (await (await fetch(`${server.url}/api/sessions`)).json()) as { id: string; viewers: number }[];
    expect(list.find((x) => x.id === fast.id)?.viewers).toBe(1);
    const seqBefore = editor.lastSeq();
    await editor.next((m) => m.type === 'metrics' && m.seq > seqBefore);
    // The 4008 close frame waits behind the unsent megabyte; the server cuts the connection a second later.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    socket.resume();
    expect((await stalled.closed).code).toBe(1006);
    editor.send({ type: 'control', command: { action: 'pause' } });
    editor.close();
  });
});
