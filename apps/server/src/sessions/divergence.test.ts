import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPreset } from '@liveprop/core';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('divergence', () => {
  it('[R15] pauses on a non-finite loss, tells everyone, refuses play, and rolls back to the last finite state', async () => {
    const config = getPreset('plane');
    if (!config) throw new Error('core has no plane preset');
    config.training.optimizer = { kind: 'sgd', learningRate: 100 };
    const s = await server.createSession({ config });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    const viewer = await TestClient.joined(server.url, s.id);
    editor.send({ type: 'control', command: { action: 'play' } });
    const diverged = await viewer.next((m) => m.type === 'status' && m.status === 'diverged');
    expect(diverged).toMatchObject({ canRollback: true, by: 'system' });
    expect(await viewer.next((m) => m.type === 'event' || m.type === 'status', 1).catch(() => null)).toBe(null);
    expect(viewer.received.some((m) => m.type === 'event' && m.what === 'diverged')).toBe(true);
    const divergedEpoch = diverged.type === 'status' ? diverged.epoch : -1;

    editor.send({ type: 'control', command: { action: 'play' } });
    expect(await editor.next((m) => m.type === 'error')).toMatchObject({ code: 'diverged' });

    editor.send({ type: 'rollback' });
    const rolled = await viewer.next((m) => m.type === 'event' && m.what === 'rollback');
    expect(rolled).toMatchObject({ from: divergedEpoch });
    expect(rolled.type === 'event' && rolled.epoch).toBeLessThan(divergedEpoch);
    expect(await viewer.next((m) => m.type === 'status')).toMatchObject({ status: 'paused', canRollback: false });

    editor.send({ type: 'rollback' });
    expect(await editor.next((m) => m.type === 'error')).toMatchObject({ code: 'nothing_to_rollback' });
    editor.close();
    viewer.close();
  });

  it('[R32] rolls back to a sane epoch and lowers the learning rate in one action, and play then trains on', async () => {
    const config = getPreset('plane');
    if (!config) throw new Error('core has no plane preset');
    config.training.optimizer = { kind: 'sgd', learningRate: 100 };
    const s = await server.createSession({ config });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    editor.send({ type: 'control', command: { action: 'play' } });
    await editor.next((m) => m.type === 'status' && m.status === 'diverged');

    editor.send({ type: 'rollback', learningRate: 0.1 });
    const rolled = await editor.next((m) => m.type === 'event' && m.what === 'rollback');
    const lowered = await editor.next((m) => m.type === 'event' && m.what === 'learningRate');
    expect(lowered).toMatchObject({ from: 100, to: 0.1 });
    expect(lowered.type === 'event' && lowered.config.training.optimizer.learningRate).toBe(0.1);
    const landed = rolled.type === 'event' ? Number(rolled.to) : -1;
    expect(await editor.next((m) => m.type === 'status')).toMatchObject({ status: 'paused', epoch: landed, canRollback: false });

    editor.send({ type: 'control', command: { action: 'play' } });
    const outcome = await editor.next(
      (m) => (m.type === 'status' && m.status === 'diverged') || (m.type === 'metrics' && m.columns.epoch.some((e) => e >= landed + 300)),
      20_000,
    );
    expect(outcome.type).toBe('metrics');
    editor.send({ type: 'control', command: { action: 'pause' } });
    editor.close();
  });
});
