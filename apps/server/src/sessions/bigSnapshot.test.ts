import type { Socket } from 'node:net';
import { getPreset, type ExperimentConfig } from '@liveprop/core';
import { SNAPSHOT_MAX_BYTES, snapshotProducedAt, type ServerMessage } from '@liveprop/protocol';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

type SnapshotFrame = Extract<ServerMessage, { type: 'snapshot' }>;
/**
 * A bound, not a measurement: a 1024-wide snapshot costs a second or more on a loaded 2-core machine, and snapshots
 * keep to 10% of the worker's time, so two of them can be 20 s apart.
 */
const SNAPSHOT_WAIT_MS = 45_000;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/**
 * The spiral preset with every hidden layer `units` wide: 7-1024-1024-1 for 1024 (2-D data, 7 features). Few points,
 * so an epoch stays short on a loaded machine: the frames' sizes depend on the width, not on the data.
 */
function wideSpiral(units: number): ExperimentConfig {
  const config = structuredClone(getPreset('spiral')!);
  config.dataset.samples = 100;
  config.network.layers = config.network.layers.map((layer, l, all) => (l < all.length - 1 ? { ...layer, units } : layer));
  return config;
}

describe('snapshots of a big network', () => {
  it('[R11][R14] keeps a 1024-wide session\'s frames within SNAPSHOT_MAX_BYTES and a viewer that stops reading connected', async () => {
    const session = await server.createSession({ config: wideSpiral(1024) });
    const editor = await TestClient.joined(server.url, session.id, session.editToken);
    const viewer = await TestClient.joined(server.url, session.id);
    const first = await viewer.next<SnapshotFrame>((m) => m.type === 'snapshot', SNAPSHOT_WAIT_MS);
    expect(first.snapshot.layers.map((l) => [l.inputs, l.outputs, l.weightRows, l.weightCols])).toEqual([
      [7, 1024, 64, 7],
      [1024, 1024, 64, 64],
      [1024, 1, 1, 64],
    ]);

    const socket = (viewer.ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    editor.send({ type: 'control', command: { action: 'play' } });
    const pausedAt = editor.rawSnapshots.length;
    while (editor.rawSnapshots.length < pausedAt + 2) await editor.next((m) => m.type === 'snapshot', SNAPSHOT_WAIT_MS);
    const newestWhilePaused = snapshotProducedAt(editor.rawSnapshots.at(-1)!);
    socket.resume();
    await viewer.next((m) => m.type === 'snapshot' && m.producedAt >= newestWhilePaused, SNAPSHOT_WAIT_MS);

    expect(viewer.ws.readyState).toBe(WebSocket.OPEN);
    expect(viewer.invalid).toEqual([]);
    const sizes = [...editor.rawSnapshots, ...viewer.rawSnapshots].map((b) => b.byteLength);
    expect(sizes.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(SNAPSHOT_MAX_BYTES);
    editor.send({ type: 'control', command: { action: 'pause' } });
    editor.close();
    viewer.close();
  }, 4 * SNAPSHOT_WAIT_MS);
});
