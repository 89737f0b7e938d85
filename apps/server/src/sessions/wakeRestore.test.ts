import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerMessage } from '@liveprop/protocol';
import { describe, expect, it } from 'vitest';
import { createCsvAtCap } from '../testing/csvAtCap.js';
import { WRITES_SETTLE_MS, createOverRest as create, stopProcess, useServerProcesses } from '../testing/serverProcess.js';
import { TestClient } from '../testing/testClient.js';
import { startTestServer } from '../testing/testServer.js';

const { work, servers } = useServerProcesses('liveprop-wake-restore-');

type EventFrame = Extract<ServerMessage, { type: 'event' }>;

describe('waking a hibernated session whose checkpoint is behind its stored config', () => {
  it('[R20] [R39] a session loaded hibernated after a crash tells what its wake re-applied, once, as start-up recovery does', async () => {
    const data = join(work, 'data');
    const first = await servers.start(data);
    const older = await create(first.url, { preset: 'xor', name: 'older' });
    const editor = await TestClient.joined(first.url, older.id, older.token, 'Ada');
    editor.send({ type: 'control', command: { action: 'play' } });
    await editor.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e >= 20));
    editor.send({ type: 'control', command: { action: 'pause' } });
    const paused = await editor.next((m) => m.type === 'status' && m.status === 'paused');
    const cpEpoch = paused.type === 'status' ? paused.epoch : -1;
    // Not reshaping: no checkpoint is taken for it, so only the stored config holds it.
    const change = { what: 'regularization', value: { kind: 'l2', rate: 0.001 } } as const;
    editor.send({ type: 'change', change });
    const shown = await editor.next<EventFrame>((m) => m.type === 'event' && m.what === 'regularization');
    await new Promise((resolve) => setTimeout(resolve, WRITES_SETTLE_MS));
    await stopProcess(first.child, 'SIGKILL');
    editor.close();

    const second = await servers.start(data, { maxWorkers: 1 });
    const back = await TestClient.joined(second.url, older.id, older.token, 'Ada');
    const state = back.received.find((m) => m.type === 'sessionState');
    expect(state?.type === 'sessionState' && state.config).toEqual(shown.config);
    expect(state?.type === 'sessionState' && state.events.filter((e) => e.what === 'restored')).toEqual([]);
    back.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    const restored = await back.next<EventFrame>((m) => m.type === 'event' && m.what === 'restored');
    expect(restored).toMatchObject({ by: 'system', epoch: cpEpoch, from: cpEpoch });
    expect(restored.to).toEqual({ epoch: cpEpoch, weights: 'checkpoint', reapplied: [{ what: 'regularization', from: { kind: 'none' }, to: change.value }], notRestored: [] });
    const step = await back.next((m) => m.type === 'metrics');
    expect(step.type === 'metrics' && step.columns.epoch).toEqual([cpEpoch + 1]);
    back.close();
    await stopProcess(second.child, 'SIGTERM');

    // The wake checkpointed the re-applied config: the next wake has nothing to tell.
    const third = await servers.start(data, { maxWorkers: 1 });
    const again = await TestClient.joined(third.url, older.id, older.token, 'Ada');
    again.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    await again.next((m) => m.type === 'metrics');
    const told = again.received.flatMap((m) => (m.type === 'sessionState' ? m.events : m.type === 'event' ? [m] : [])).filter((e) => e.what === 'restored');
    expect(told).toHaveLength(1);
    again.close();
    await stopProcess(third.child, 'SIGTERM');
  }, 90_000);

  it('[R37] [R39] a session created hibernated at the cap with a CSV config may leave memory (its first checkpoint is stored) and wakes with its CSV text', async () => {
    const server = await startTestServer({ dataDir: mkdtempSync(join(work, 'csv-')), maxWorkers: 1, spareWorkers: 0, hibernateAfterMs: 100 });
    const { csv: asleep, trainer } = await createCsvAtCap(server, 'csv, asleep');
    expect(server.registry.get(asleep.id)?.awake).toBe(false);
    // Idle and unwatched past the setting: it leaves memory, which must not take its CSV text with it.
    for (let tries = 0; server.registry.get(asleep.id) !== undefined && tries < 200; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.registry.get(asleep.id)).toBeUndefined();

    trainer.send({ type: 'control', command: { action: 'pause' } });
    await trainer.next((m) => m.type === 'status' && m.status === 'paused');
    const editor = await TestClient.joined(server.url, asleep.id, asleep.editToken);
    editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    await editor.next((m) => m.type === 'metrics' || m.type === 'error');
    expect(editor.received.filter((m) => m.type === 'error')).toEqual([]);
    const session = server.registry.get(asleep.id)!;
    expect([session.awake, session.epoch, session.config.dataset.kind]).toEqual([true, 1, 'csv']);
    for (const c of [trainer, editor]) c.close();
    await server.close();
  }, 60_000);
});
