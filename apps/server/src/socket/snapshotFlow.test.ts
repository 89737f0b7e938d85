import type { Socket } from 'node:net';
import { snapshotProducedAt } from '@liveprop/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { SNAPSHOTS_IN_FLIGHT } from './connection.js';

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
});
