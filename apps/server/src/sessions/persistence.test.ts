import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromMetricColumns, sessionListSchema } from '@liveprop/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer } from '../testing/testServer.js';

const dataDir = mkdtempSync(join(tmpdir(), 'liveprop-persist-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('persistence', () => {
  it('[R17] brings sessions back after a restart, paused, with events, metrics, edit link and weights intact', async () => {
    const first = await startTestServer({ dataDir });
    const s = await first.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(first.url, s.id, s.editToken, 'Ada');
    editor.send({ type: 'change', change: { what: 'learningRate', value: 0.042 } });
    await editor.next((m) => m.type === 'event');
    editor.send({ type: 'control', command: { action: 'play' } });
    await editor.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e >= 20));
    editor.send({ type: 'control', command: { action: 'pause' } });
    const paused = await editor.next((m) => m.type === 'status' && m.status === 'paused');
    const epoch = paused.type === 'status' ? paused.epoch : -1;
    const csvBefore = await (await fetch(`${first.url}/api/sessions/${s.id}/metrics.csv`)).text();
    const modelBefore = await (await fetch(`${first.url}/api/sessions/${s.id}/model.json`)).json();
    const firstState = editor.received.find((m) => m.type === 'sessionState');
    const resumeFrom = { streamId: firstState?.type === 'sessionState' ? firstState.streamId : '', lastSeq: editor.lastSeq() };
    editor.close();
    await first.close();

    const second = await startTestServer({ dataDir });
    const list = sessionListSchema.parse(await (await fetch(`${second.url}/api/sessions`)).json());
    expect(list).toContainEqual(expect.objectContaining({ id: s.id, status: 'paused', epoch }));
    expect(await (await fetch(`${second.url}/api/sessions/${s.id}/metrics.csv`)).text()).toBe(csvBefore);
    expect(await (await fetch(`${second.url}/api/sessions/${s.id}/model.json`)).json()).toEqual(modelBefore);

    const back = await TestClient.joined(second.url, s.id, s.editToken);
    const state = back.received.find((m) => m.type === 'sessionState');
    if (state?.type !== 'sessionState') throw new Error('no sessionState');
    expect(state).toMatchObject({ role: 'editor', status: 'paused', epoch });
    expect(state.config.training.optimizer.learningRate).toBe(0.042);
    expect(state.events.map((e) => [e.what, e.by, e.to])).toEqual([['learningRate', 'Ada', 0.042]]);
    const history = await back.next((m) => m.type === 'history');
    expect(history.type === 'history' && history.count).toBe(epoch);

    // A viewer that watched before the restart resumes from its seq: the stream is new, so it gets a flagged resync
    // and the whole history again — every epoch, no gap.
    const returning = await TestClient.connect(second.url);
    returning.send({ type: 'hello', protocol: 1 });
    returning.send({ type: 'join', sessionId: s.id, ...resumeFrom });
    expect(await returning.next((m) => m.type === 'resync')).toMatchObject({ flagged: true, reason: 'stream_changed' });
    await returning.next((m) => m.type === 'sessionState');
    const resent = await returning.next((m) => m.type === 'history');
    expect(resent.type === 'history' && [resent.count, resent.start[0], resent.end.at(-1)]).toEqual([epoch, 1, epoch]);
    returning.close();

    back.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    const next = await back.next((m) => m.type === 'metrics');
    expect(next.type === 'metrics' && fromMetricColumns(next.columns).map((m) => m.epoch)).toEqual([epoch + 1]);
    back.close();
    await second.close();
  });

  it('[R17] refuses to start a second server on a data dir that is in use', async () => {
    const owner = await startTestServer({ dataDir });
    await expect(startTestServer({ dataDir })).rejects.toThrow(/locked/);
    await owner.close();
  });
});
