import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { ReconnectingSocket } from './reconnectingSocket.js';
import type { ConnectionStatus } from './sessionTypes.js';

const FAST = { baseMs: 10, maxMs: 40 };
const servers: WebSocketServer[] = [];

async function startServer(): Promise<{ wss: WebSocketServer; url: string }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(wss);
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  return { wss, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}` };
}

function waitFor(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => (check() ? resolve() : setTimeout(poll, 5));
    poll();
  });
}

function client(url: string) {
  const statuses: ConnectionStatus[] = [];
  const frames: string[] = [];
  let opens = 0;
  let fatal: number | null = null;
  const socket = new ReconnectingSocket(
    url,
    {
      onOpen: () => opens++,
      onFrame: (data) => frames.push(String(data)),
      onStatus: (s) => statuses.push(s),
      onFatal: (code) => (fatal = code),
    },
    FAST,
    NodeWebSocket as unknown as typeof WebSocket,
  );
  return { socket, statuses, frames, opens: () => opens, fatal: () => fatal };
}

afterEach(async () => {
  for (const wss of servers.splice(0)) {
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }
});

describe('ReconnectingSocket against a real ws server', () => {
  it('reconnects by itself after the server drops the connection, and says so', async () => {
    const { wss, url } = await startServer();
    const c = client(url);
    c.socket.start();
    await waitFor(() => c.opens() === 1);
    for (const peer of wss.clients) peer.terminate();
    await waitFor(() => c.opens() === 2);
    expect(c.statuses).toContain('reconnecting');
    expect(c.statuses.at(-1)).toBe('open');
    c.socket.close();
  });

  it('stays offline for the requested time when dropped on purpose, then comes back', async () => {
    const { url } = await startServer();
    const c = client(url);
    c.socket.start();
    await waitFor(() => c.opens() === 1);
    const droppedAt = Date.now();
    c.socket.drop(150);
    await waitFor(() => c.opens() === 2);
    expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(140);
    c.socket.close();
  });

  it('sends and receives text frames once open, and refuses to send while closed', async () => {
    const { wss, url } = await startServer();
    wss.on('connection', (peer) => peer.on('message', (data) => peer.send(`echo ${String(data)}`)));
    const c = client(url);
    expect(c.socket.send('too early')).toBe(false);
    c.socket.start();
    await waitFor(() => c.opens() === 1);
    expect(c.socket.send('hi')).toBe(true);
    await waitFor(() => c.frames.length === 1);
    expect(c.frames).toEqual(['echo hi']);
    c.socket.close();
  });

  it('gives up on a protocol-version close (4000) instead of retrying forever', async () => {
    const { wss, url } = await startServer();
    wss.on('connection', (peer) => peer.close(4000, 'protocol mismatch'));
    const c = client(url);
    c.socket.start();
    await waitFor(() => c.fatal() !== null);
    expect(c.fatal()).toBe(4000);
    expect(c.statuses.at(-1)).toBe('closed');
    await new Promise((r) => setTimeout(r, 100));
    expect(c.opens()).toBe(1);
  });

  it('does not reconnect after close()', async () => {
    const { url } = await startServer();
    const c = client(url);
    c.socket.start();
    await waitFor(() => c.opens() === 1);
    c.socket.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(c.opens()).toBe(1);
    expect(c.statuses.at(-1)).toBe('closed');
  });
});
