import { join } from 'node:path';
import type { ServerMessage } from '@liveprop/protocol';
import { describe, expect, it } from 'vitest';
import { forEachBackend } from '../testing/storeBackends.js';
import { WRITES_SETTLE_MS, createOverRest, stopProcess, useServerProcesses } from '../testing/serverProcess.js';
import { TestClient } from '../testing/testClient.js';

const { work, servers } = useServerProcesses('liveprop-crash-config-');

type EventFrame = Extract<ServerMessage, { type: 'event' }>;

async function sessionStateOf(url: string, id: string, token: string): Promise<Extract<ServerMessage, { type: 'sessionState' }> & { client: TestClient }> {
  const client = await TestClient.joined(url, id, token);
  const state = client.received.find((m) => m.type === 'sessionState');
  if (state?.type !== 'sessionState') throw new Error('expected a sessionState after join');
  return { ...state, client };
}

forEachBackend((backend) => describe('crash recovery keeps the config viewers last saw', () => {
  it('[R20] after SIGKILL, changes made after the last checkpoint come back and the restored event lists them', async () => {
    const data = backend.kind === 'sqlite' ? join(work, 'data') : await backend.postgres!.createDatabase();
    const first = await servers.start(data);
    const created = await createOverRest(first.url, { preset: 'xor' });
    const { token } = created;
    const editor = await TestClient.joined(first.url, created.id, token, 'Ada');
    editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    editor.send({ type: 'control', command: { action: 'play' } });
    await editor.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e >= 50));
    editor.send({ type: 'control', command: { action: 'pause' } });
    const paused = await editor.next((m) => m.type === 'status' && m.status === 'paused');
    const cpEpoch = paused.type === 'status' ? paused.epoch : -1;

    // A reshaping change is checkpointed at once; the hyperparameters after it live only in the stored config.
    const changes = [
      { what: 'addNeuron', layer: 0 },
      { what: 'learningRate', value: 0.2 },
      { what: 'regularization', value: { kind: 'l2', rate: 0.001 } },
      { what: 'optimizer', value: { kind: 'momentum', learningRate: 0.2, momentum: 0.8, nesterov: true } },
    ];
    // A CSV upload is reshaping too, and its text lives only in checkpoints: a restore must still match it.
    const rows = Array.from({ length: 60 }, (_, i) => `${(i % 7) / 7},${(i % 5) / 5},${i % 2}`);
    const uploaded = await fetch(`${first.url}/api/sessions/${created.id}/dataset`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'x-liveprop-name': 'Ada' },
      body: ['a,b,label', ...rows].join('\n'),
    });
    expect(uploaded.status).toBe(200);
    const shown: EventFrame[] = [await editor.next<EventFrame>((m) => m.type === 'event' && m.what === 'dataset')];
    for (const change of changes) {
      editor.send({ type: 'change', change });
      shown.push(await editor.next<EventFrame>((m) => m.type === 'event' && m.what === change.what));
    }
    const lastSeen = shown.at(-1)!.config;
    await new Promise((resolve) => setTimeout(resolve, WRITES_SETTLE_MS));
    await stopProcess(first.child, 'SIGKILL');
    editor.close();

    // Paused when it crashed, it stays in the store at start-up and the join loads it hibernated ([R39]): the join
    // shows the config viewers last saw; the wake (here model.json's) re-applies the changes to the checkpoint and tells.
    const second = await servers.start(data);
    const back = await sessionStateOf(second.url, created.id, token);
    expect(back.config).toEqual(lastSeen);
    expect(back.events.filter((e) => e.by === 'Ada').map((e) => e.what)).toEqual(['dataset', ...changes.map((c) => c.what)]);
    expect(back.events.filter((e) => e.what === 'restored')).toEqual([]);
    const model = (await (await fetch(`${second.url}/api/sessions/${created.id}/model.json`)).json()) as { layers: { outputs: number }[] };
    expect(model.layers[0]!.outputs).toBe(lastSeen.network.layers[0]!.units);
    const restored = await back.client.next<EventFrame>((m) => m.type === 'event' && m.what === 'restored');
    expect(restored).toMatchObject({ by: 'system', epoch: cpEpoch, from: cpEpoch });
    expect(restored.to).toEqual({
      epoch: cpEpoch,
      weights: 'checkpoint',
      reapplied: [
        { what: 'optimizer', from: expect.objectContaining({ kind: 'adam' }), to: changes[3]!.value },
        { what: 'regularization', from: { kind: 'none' }, to: { kind: 'l2', rate: 0.001 } },
      ],
      notRestored: [],
    });

    // Training goes on in that config, and a clean restart neither re-applies nor re-announces anything.
    back.client.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    const step = await back.client.next((m) => m.type === 'metrics');
    expect(step.type === 'metrics' && step.columns.learningRate).toEqual([0.2]);
    back.client.close();
    await stopProcess(second.child, 'SIGTERM');
    const third = await servers.start(data);
    const again = await sessionStateOf(third.url, created.id, token);
    expect(again.config).toEqual(lastSeen);
    expect(again.events.filter((e) => e.what === 'restored'), JSON.stringify(again.events.slice(-3))).toHaveLength(1);
    again.client.close();
    await stopProcess(third.child, 'SIGTERM');
  }, 90_000);
}));
