import { fromMetricColumns } from '@liveprop/protocol';
import { describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

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
});
