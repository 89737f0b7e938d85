import type { Socket } from 'node:net';
import { getPreset, type ExperimentConfig } from '@liveprop/core';
import { SNAPSHOT_MAX_BYTES, snapshotProducedAt, type ServerMessage } from '@liveprop/protocol';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

type SnapshotFrame = Extract<ServerMessage, { type: 'snapshot' }>;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** The spiral preset with every hidden layer `units` wide: 7-1024-1024-1 for 1024 (2-D data, 7 features). */
function wideSpiral(units: number): ExperimentConfig {
  const config = structuredClone(getPreset('spiral')!);
  config.network.layers = config.network.layers.map((layer, l, all) => (l < all.length - 1 ? { ...layer, units } : layer));
  return config;
}

describe('snapshots of a big network', () => {
  it('[R11][R14] keeps a 1024-wide session\'s frames within SNAPSHOT_MAX_BYTES and a viewer that stops reading connected', async () => {
    const session = await server.createSession({ config: wideSpiral(1024) });
    const editor = await TestClient.joined(server.url, session.id, session.editToken);
    const viewer = await TestClient.joined(server.url, session.id);
    const first = await viewer.next<SnapshotFrame>((m) => m.type === 'snapshot', 20_000);
    expect(first.snapshot.layers.map((l) => [l.inputs, l.outputs, l.weightRows, l.weightCols])).toEqual([
      [7, 1024, 64, 7],
      [1024, 1024, 64, 64],
      [1024, 1, 1, 64],
    ]);

    const socket = (viewer.ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    editor.send({ type: 'control', command: { action: 'play' } });
    const pausedAt = editor.rawSnapshots.length;
    while (editor.rawSnapshots.length < pausedAt + 2) await editor.next((m) => m.type === 'snapshot', 20_000);
    const newestWhilePaused = snapshotProducedAt(editor.rawSnapshots.at(-1)!);
    socket.resume();
    await viewer.next((m) => m.type === 'snapshot' && m.producedAt >= newestWhilePaused, 20_000);

    expect(viewer.ws.readyState).toBe(WebSocket.OPEN);
    expect(viewer.invalid).toEqual([]);
    const sizes = [...editor.rawSnapshots, ...viewer.rawSnapshots].map((b) => b.byteLength);
    expect(sizes.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(SNAPSHOT_MAX_BYTES);
    editor.send({ type: 'control', command: { action: 'pause' } });
    editor.close();
    viewer.close();
  }, 60_000);
});
