import type { Socket } from 'node:net';
import { snapshotProducedAt } from '@liveprop/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { ACK_EVERY, SNAPSHOTS_IN_FLIGHT } from './snapshotWindow.js';
import { SNAPSHOT_ACK } from './tickWire.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const snapshotCount = (c: TestClient): number => c.received.filter((m) => m.type === 'snapshot').length;

describe('snapshot flow control', () => {
  it('[R14] holds a viewer that stops reading to the unacknowledged snapshots plus the latest, then catches it up', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    const viewer = await TestClient.joined(server.url, s.id);
    editor.send({ type: 'speed', epochsPerSecond: 300 });
    editor.send({ type: 'control', command: { action: 'play' } });
    await viewer.next((m) => m.type === 'snapshot' && m.snapshot.epoch > 0);

    const socket = (viewer.ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    const pausedAt = editor.rawSnapshots.length;
    while (editor.rawSnapshots.length < pausedAt + 12) await editor.next((m) => m.type === 'snapshot');
    const newestBeforeResume = snapshotProducedAt(editor.rawSnapshots.at(-1)!);
    const producedWhilePaused = editor.rawSnapshots.length - pausedAt;
    const countBefore = viewer.rawSnapshots.length;
    socket.resume();
    await viewer.next((m) => m.type === 'snapshot' && m.producedAt > newestBeforeResume);

    const stale = viewer.rawSnapshots.slice(countBefore).filter((b) => snapshotProducedAt(b) <= newestBeforeResume);
    expect(producedWhilePaused).toBeGreaterThanOrEqual(12);
    expect(stale.length).toBeLessThanOrEqual(SNAPSHOTS_IN_FLIGHT + 1);
    const producedAts = viewer.rawSnapshots.map((b) => snapshotProducedAt(b));
    expect(producedAts).toEqual([...producedAts].sort((a, b) => a - b));
    expect(viewer.invalid).toEqual([]);
    editor.send({ type: 'control', command: { action: 'pause' } });
    editor.close();
    viewer.close();
  });

  it('[R14] sends a client that never answers pings no more than the unacknowledged snapshots, yet every metric', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    const mute = await TestClient.connect(server.url, { autoPong: false });
    mute.send({ type: 'hello', protocol: 1 });
    await mute.next((m) => m.type === 'welcome');
    mute.send({ type: 'join', sessionId: s.id });
    await mute.next((m) => m.type === 'sessionState');
    editor.send({ type: 'speed', epochsPerSecond: 300 });
    editor.send({ type: 'control', command: { action: 'play' } });
    const joinedAt = editor.rawSnapshots.length;
    while (editor.rawSnapshots.length < joinedAt + 10) await editor.next((m) => m.type === 'snapshot');
    await mute.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e >= 100));
    expect(snapshotCount(mute)).toBeLessThanOrEqual(SNAPSHOTS_IN_FLIGHT);
    editor.send({ type: 'control', command: { action: 'pause' } });
    editor.close();
    mute.close();
  });

  it('[R14] keeps every metric, in seq order, for a client that acks its snapshots one at a time', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    const slow = await TestClient.connect(server.url, { autoPong: false });
    slow.send({ type: 'hello', protocol: 1 });
    await slow.next((m) => m.type === 'welcome');
    slow.send({ type: 'join', sessionId: s.id });
    await slow.next((m) => m.type === 'sessionState');
    editor.send({ type: 'speed', epochsPerSecond: 300 });
    editor.send({ type: 'control', command: { action: 'play' } });
    for (let acks = 0; acks < 20; acks++) {
      // Ack one snapshot at a time, as a client on a slow link would.
      while (snapshotCount(slow) <= acks) await slow.next((m) => m.type === 'snapshot');
      slow.ws.pong(SNAPSHOT_ACK);
    }
    editor.send({ type: 'control', command: { action: 'pause' } });
    // The speed change before play also sent a paused status; this one comes after training.
    const paused = await editor.next((m) => m.type === 'status' && m.status === 'paused' && m.epoch > 0);
    const last = paused.type === 'status' ? paused.epoch : 0;
    await slow.seen((m) => m.type === 'status' && m.status === 'paused' && m.epoch === last);

    const seqs = slow.received.flatMap((m) => ('seq' in m && typeof m.seq === 'number' ? [m.seq] : []));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const epochs = slow.received.flatMap((m) => (m.type === 'metrics' ? m.columns.epoch : []));
    expect(epochs).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    expect(slow.invalid).toEqual([]);
    editor.close();
    slow.close();
  });

  it('[R14] asks a client for an ack every third snapshot, not after each', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    const viewer = await TestClient.joined(server.url, s.id);
    let pings = 0;
    viewer.ws.on('ping', (data: Buffer) => (pings += data.equals(SNAPSHOT_ACK) ? 1 : 0));
    const before = snapshotCount(viewer);
    editor.send({ type: 'speed', epochsPerSecond: 300 });
    editor.send({ type: 'control', command: { action: 'play' } });
    while (snapshotCount(viewer) < before + 4 * ACK_EVERY) await viewer.next((m) => m.type === 'snapshot');
    const received = snapshotCount(viewer) - before;
    expect(pings).toBeGreaterThanOrEqual(Math.floor(received / ACK_EVERY) - 1);
    expect(pings).toBeLessThanOrEqual(Math.ceil(received / ACK_EVERY) + 1);
    editor.send({ type: 'control', command: { action: 'pause' } });
    editor.close();
    viewer.close();
  });
});
