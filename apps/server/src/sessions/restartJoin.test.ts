import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromMetricColumns, type ServerMessage } from '@liveprop/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

const work = mkdtempSync(join(tmpdir(), 'liveprop-restart-join-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const VIEWERS = 5;

async function health(server: TestServer): Promise<{ sessions: number; workers: number }> {
  return (await (await fetch(`${server.url}/healthz`)).json()) as { sessions: number; workers: number };
}

/** Steps `editor`'s new session `epochs` times; answers the train loss of each epoch once the last one's snapshot arrived too. */
async function step(editor: TestClient, epochs: number): Promise<(number | null)[]> {
  for (let i = 0; i < epochs; i++) editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
  await editor.seen((m) => m.type === 'metrics' && m.columns.epoch.includes(epochs));
  await editor.seen((m) => m.type === 'snapshot' && m.snapshot.epoch === epochs);
  return trainLosses(editor.received);
}

const trainLosses = (frames: ServerMessage[]): (number | null)[] => frames.flatMap((m) => (m.type === 'metrics' ? fromMetricColumns(m.columns) : [])).map((e) => e.trainLoss);

describe('joining a stored, paused session after a restart', () => {
  it('[R39] viewers and an editor joining start no worker, nor do the lobby and the metrics; the first step wakes it from the stored checkpoint', async () => {
    // What the session trains without a restart: the losses of epochs 1..6.
    const control = await startTestServer({ dataDir: join(work, 'control') });
    const c = await control.createSession({ preset: 'xor' });
    const steered = await TestClient.joined(control.url, c.id, c.editToken);
    const uninterrupted = await step(steered, 6);
    steered.close();
    await control.close();

    const dataDir = join(work, 'data');
    const first = await startTestServer({ dataDir });
    const s = await first.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(first.url, s.id, s.editToken);
    await step(editor, 5);
    editor.close();
    await first.close();

    const restarted = await startTestServer({ dataDir, hibernateAfterMs: 600_000 });
    expect(await health(restarted)).toMatchObject({ sessions: 0, workers: 0 });
    const viewers = await Promise.all(Array.from({ length: VIEWERS }, () => TestClient.joined(restarted.url, s.id)));
    const lobby = (await (await fetch(`${restarted.url}/api/sessions`)).json()) as { id: string; hibernated: boolean }[];
    expect(lobby).toEqual([expect.objectContaining({ id: s.id, hibernated: true })]);
    for (const path of ['metrics.json', 'metrics.csv']) expect((await fetch(`${restarted.url}/api/sessions/${s.id}/${path}`)).status).toBe(200);
    const back = await TestClient.joined(restarted.url, s.id, s.editToken);
    for (const viewer of [...viewers, back]) {
      expect(viewer.received.find((m) => m.type === 'sessionState')).toMatchObject({ status: 'paused', epoch: 5 });
      const snapshot = await viewer.seen((m) => m.type === 'snapshot');
      expect(snapshot.type === 'snapshot' && snapshot.snapshot.epoch).toBe(5);
      expect(viewer.rawSnapshots[0]!.equals(editor.rawSnapshots.at(-1)!)).toBe(true);
    }
    expect(restarted.registry.get(s.id)?.awake).toBe(false);
    expect(await health(restarted)).toMatchObject({ sessions: 1, workers: 0 });

    back.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    const metrics = await viewers[0]!.next((m) => m.type === 'metrics');
    expect(metrics.type === 'metrics' && metrics.columns.epoch).toEqual([6]);
    expect(trainLosses([metrics])).toEqual(uninterrupted.slice(5));
    expect(await health(restarted)).toMatchObject({ workers: 1 });
    expect(restarted.logs.filter((line) => line.includes('session woke'))).toHaveLength(1);
    for (const client of [...viewers, back]) client.close();
    await restarted.close();
  }, 60_000);
});
