import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { encodeMetricsFrame } from '@liveprop/protocol';
import { TickWire } from './tickWire.js';
import { OPCODE_BINARY, OPCODE_TEXT, broadcastWire, frame } from './wireFrame.js';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await once(server, 'listening');
const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Writes `wire` straight onto the server side's TCP socket and collects what a real `ws` client decodes. */
async function deliver(wire: Buffer, expected: number): Promise<{ messages: { data: Buffer; binary: boolean }[]; pings: Buffer[] }> {
  const client = new WebSocket(url);
  const messages: { data: Buffer; binary: boolean }[] = [];
  const pings: Buffer[] = [];
  const done = new Promise<void>((resolve) => {
    const check = () => messages.length + pings.length >= expected && resolve();
    client.on('message', (data, binary) => (messages.push({ data: data as Buffer, binary }), check()));
    client.on('ping', (data) => (pings.push(data), check()));
  });
  const [peer] = (await once(server, 'connection')) as [WebSocket];
  (peer as unknown as { _socket: NodeJS.WritableStream })._socket.write(wire);
  await done;
  client.close();
  return { messages, pings };
}

describe('pre-framed broadcast frames', () => {
  it.each([0, 1, 125, 126, 65535, 65536, 200_000])('a real client decodes a %i-byte binary payload bit for bit', async (n) => {
    const payload = Uint8Array.from({ length: n }, (_, i) => (i * 31) & 0xff);
    const { messages } = await deliver(frame(OPCODE_BINARY, payload), 1);
    expect(messages[0]!.binary).toBe(true);
    expect(Buffer.compare(messages[0]!.data, Buffer.from(payload))).toBe(0);
  });

  it('frames a broadcast payload once for every socket', async () => {
    const payload = new TextEncoder().encode('{"type":"status","seq":7}');
    const wire = broadcastWire(payload, OPCODE_TEXT);
    expect(broadcastWire(payload, OPCODE_TEXT)).toBe(wire);
    const { messages } = await deliver(wire, 1);
    expect(messages).toEqual([{ data: Buffer.from(payload), binary: false }]);
  });

  it('sends a tick (metrics frame, snapshot, ack ping) as one buffer a real client reads as two messages and a ping', async () => {
    const metrics = encodeMetricsFrame('st', 3, [{ epoch: 1, trainLoss: 0.5, testLoss: Number.NaN, trainAccuracy: 1, testAccuracy: null, learningRate: 0.1, epochMs: 2 }]);
    const snapshot = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    const tick = new TickWire([frame(OPCODE_BINARY, metrics)], snapshot);
    const wire = tick.bytes(true, true);
    expect(tick.bytes(true, true)).toBe(wire);
    expect(tick.bytes(false, false).byteLength).toBe(2 + metrics.byteLength);
    const { messages, pings } = await deliver(wire, 3);
    expect(messages.map((m) => [m.binary, Buffer.compare(m.data, Buffer.from(m.data.byteLength === 300 ? snapshot : metrics))])).toEqual([[true, 0], [true, 0]]);
    expect(pings.map(String)).toEqual(['s']);
  });
});
