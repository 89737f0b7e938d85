import type { Worker } from 'node:worker_threads';
import { getPreset } from '@liveprop/core';
import { fromMetricColumns } from '@liveprop/protocol';
import { describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { SpareWorkers } from './spareWorkers.js';
import type { WorkerInit } from './workerProtocol.js';

async function health(server: TestServer): Promise<{ workers: number; maxWorkers: number; spareWorkers: number }> {
  return (await (await fetch(`${server.url}/healthz`)).json()) as { workers: number; maxWorkers: number; spareWorkers: number };
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('spare worker threads', () => {
  it('[R39] keeps spares started ahead within the worker cap: sessions and spares together never pass it', async () => {
    const server = await startTestServer({ maxWorkers: 3, spareWorkers: 2, hibernateAfterMs: 600_000 });
    expect(await health(server)).toMatchObject({ workers: 0, spareWorkers: 2 });
    const spares = async (n: number): Promise<boolean> => (await health(server)).spareWorkers === n;
    const first = await server.createSession({ preset: 'xor' });
    await until(() => spares(2), 'a spare replaces the one the first session took');
    const second = await server.createSession({ preset: 'xor' });
    await until(() => spares(1), 'only one spare fits beside two sessions under a cap of 3');
    expect((await health(server)).workers).toBe(2);
    await server.createSession({ preset: 'xor' });
    await until(() => spares(0), 'no spare fits beside three sessions');
    for (const s of [first, second]) await until(() => server.registry.hibernation.hibernate(server.registry.get(s.id)!), 'a session hibernates');
    await until(() => spares(2), 'the spares come back once sessions give their workers back');
    expect((await health(server)).workers).toBe(1);
    await server.close();
  });

  it('[R39] a session woken on a spare thread trains exactly as on a fresh one, and a server without spares still wakes', async () => {
    const epochsAfterWake: (number | null)[][] = [];
    for (const spareWorkers of [0, 1]) {
      const server = await startTestServer({ spareWorkers, hibernateAfterMs: 600_000 });
      const s = await server.createSession({ preset: 'xor' });
      const editor = await TestClient.joined(server.url, s.id, s.editToken);
      editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
      await editor.next((m) => m.type === 'metrics');
      // The step's command may still hold the session for a moment after its metrics went out.
      await until(() => server.registry.hibernation.hibernate(server.registry.get(s.id)!), 'the session hibernates');
      await until(async () => (await health(server)).spareWorkers === spareWorkers, 'the spares are back');
      for (let i = 0; i < 3; i++) editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
      await editor.next((m) => m.type === 'metrics' && m.columns.epoch.includes(4));
      const losses = editor.received.flatMap((m) => (m.type === 'metrics' ? fromMetricColumns(m.columns) : []));
      epochsAfterWake.push(losses.map((e) => e.trainLoss));
      expect(editor.received.filter((m) => m.type === 'error')).toEqual([]);
      editor.close();
      await server.close();
    }
    // Same seed, same steps: the loss after the wake is the same whichever thread ran it.
    expect(epochsAfterWake[0]).toEqual(epochsAfterWake[1]);
  });

  it('[R39] a hibernated session gives its thread back: the next wake, of another session, runs on it', async () => {
    const server = await startTestServer({ maxWorkers: 3, spareWorkers: 1, hibernateAfterMs: 600_000 });
    const [a, b] = [await server.createSession({ preset: 'xor' }), await server.createSession({ preset: 'circle' })];
    const threadOf = (id: string): number => server.registry.get(id)!.workerHandle.threadId;
    const thread = threadOf(a.id);
    await until(() => server.registry.hibernation.hibernate(server.registry.get(b.id)!), 'b hibernates');
    await until(() => server.registry.hibernation.hibernate(server.registry.get(a.id)!), 'a hibernates');
    await until(async () => (await health(server)).spareWorkers === 1, 'one spare is kept');
    const editor = await TestClient.joined(server.url, b.id, b.editToken);
    editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    await editor.next((m) => m.type === 'metrics');
    // The thread a hibernated last is the one kept, before a fresh one: its code is compiled already.
    expect(threadOf(b.id)).toBe(thread);
    expect(server.registry.get(b.id)!.config.dataset.kind).toBe('circle');
    expect(editor.received.filter((m) => m.type === 'error')).toEqual([]);
    editor.close();
    await server.close();
  });

  it('[R39] a thread given back while its session\'s replies are on their way hears them out before the next session takes it', async () => {
    const spares = new SpareWorkers(1, () => 1);
    const init = (preset: 'xor' | 'circle'): WorkerInit => ({ config: getPreset(preset)!, grid: 8, thumbnailGrid: 4, sliceMs: 8, tickMs: 33 });
    const firstOf = (worker: Worker): Promise<{ kind: string }> => new Promise((resolve) => worker.once('message', resolve));
    const worker = spares.start(init('xor'));
    expect((await firstOf(worker)).kind).toBe('ready');
    // Steps whose ticks and replies the worker posts before it reads the retire message.
    for (let id = 1; id <= 20; id++) worker.postMessage({ kind: 'step', unit: 'epoch', id });
    await spares.giveBack(worker);
    expect(spares.count).toBe(1);
    const next = spares.start(init('circle'));
    expect(next).toBe(worker);
    const first = await firstOf(next);
    expect(first.kind).toBe('ready');
    expect((first as unknown as { state: { epoch: number; config: { dataset: { kind: string } } } }).state).toMatchObject({ epoch: 0, config: { dataset: { kind: 'circle' } } });
    await spares.giveBack(next);
    await spares.close();
  });
});
