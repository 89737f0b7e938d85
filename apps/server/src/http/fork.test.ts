import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forkedSessionSchema, fromMetricColumns, sessionListSchema } from '@liveprop/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

const dataDir = mkdtempSync(join(tmpdir(), 'liveprop-fork-'));
let memory: TestServer;
let stored: TestServer;

beforeAll(async () => {
  [memory, stored] = await Promise.all([startTestServer(), startTestServer({ dataDir })]);
});
afterAll(async () => {
  await Promise.all([memory.close(), stored.close()]);
  rmSync(dataDir, { recursive: true, force: true });
});

const fork = (server: TestServer, id: string, token: string | null, body?: unknown) =>
  fetch(`${server.url}/api/sessions/${id}/fork`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const csvRows = async (server: TestServer, id: string) =>
  (await (await fetch(`${server.url}/api/sessions/${id}/metrics.csv`)).text()).trimEnd().split('\n');
const model = async (server: TestServer, id: string) => (await fetch(`${server.url}/api/sessions/${id}/model.json`)).json();
const epochOf = (row: string) => Number(row.split(',')[0]);

describe.each([['in memory', () => memory], ['with a data dir', () => stored]])('[R22] fork %s', (_label, server) => {
  it('forks a running session at its current state; both then train on independently', async () => {
    const s = await server().createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server().url, s.id, s.editToken, 'Ada');
    editor.send({ type: 'speed', epochsPerSecond: 400 });
    editor.send({ type: 'control', command: { action: 'play' } });
    await editor.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e >= 30));

    const res = await fork(server(), s.id, s.editToken, { name: 'higher lr' });
    expect(res.status).toBe(201);
    const forked = forkedSessionSchema.parse(await res.json());
    expect(forked).toMatchObject({ parentId: s.id, viewUrl: `${server().url}/s/${forked.id}` });
    expect(forked.forkEpoch).toBeGreaterThanOrEqual(30);
    const forkToken = forked.editUrl.split('#edit=')[1]!;
    expect(forkToken).not.toBe(s.editToken);

    const forkRows = await csvRows(server(), forked.id);
    expect(epochOf(forkRows.at(-1)!)).toBe(forked.forkEpoch);
    const sourceRows = await csvRows(server(), s.id);
    expect(forkRows).toEqual(sourceRows.slice(0, forked.forkEpoch + 1));

    const event = await editor.seen((m) => m.type === 'event' && m.what === 'fork');
    expect(event).toMatchObject({ by: 'editor', from: forked.forkEpoch, to: forked.id });
    const list = sessionListSchema.parse(await (await fetch(`${server().url}/api/sessions`)).json());
    expect(list).toContainEqual(expect.objectContaining({ id: forked.id, name: 'higher lr', status: 'paused', parentId: s.id, forkEpoch: forked.forkEpoch }));
    expect(list).toContainEqual(expect.objectContaining({ id: s.id, status: 'running', parentId: null, forkEpoch: null }));

    // Same weights, optimizer and RNG state: the fork's next epoch is exactly the source's next epoch.
    const forkEditor = await TestClient.joined(server().url, forked.id, forkToken, 'Bo');
    const forkState = forkEditor.received.find((m) => m.type === 'sessionState');
    expect(forkState).toMatchObject({ role: 'editor', status: 'paused', epoch: forked.forkEpoch });
    forkEditor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    const stepped = await forkEditor.next((m) => m.type === 'metrics');
    const next = stepped.type === 'metrics' ? fromMetricColumns(stepped.columns) : [];
    await editor.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e > forked.forkEpoch + 1));
    const sourceNext = (await csvRows(server(), s.id))[forked.forkEpoch + 1]!;
    expect(next.map((m) => m.epoch)).toEqual([forked.forkEpoch + 1]);
    expect((await csvRows(server(), forked.id)).at(-1)!.split(',').slice(0, 6)).toEqual(sourceNext.split(',').slice(0, 6));

    forkEditor.send({ type: 'change', change: { what: 'learningRate', value: 0.9 } });
    await forkEditor.next((m) => m.type === 'event' && m.what === 'learningRate');
    forkEditor.send({ type: 'control', command: { action: 'play' } });
    await forkEditor.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e >= forked.forkEpoch + 20));
    const sourceState = await TestClient.joined(server().url, s.id);
    const seen = sourceState.received.find((m) => m.type === 'sessionState');
    expect(seen?.type === 'sessionState' && seen.config.training.optimizer.learningRate).not.toBe(0.9);
    expect(seen?.type === 'sessionState' && seen.events.map((e) => e.what)).not.toContain('learningRate');
    expect(seen).toMatchObject({ status: 'running' });
    const forkCsv = await csvRows(server(), forked.id);
    expect(Number(forkCsv.at(-1)!.split(',')[5])).toBe(0.9);
    for (const c of [editor, forkEditor, sourceState]) c.close();
  });

  it('forks a paused session into a model equal to the source model', async () => {
    const s = await server().createSession({ preset: 'circle' });
    const editor = await TestClient.joined(server().url, s.id, s.editToken);
    for (let i = 0; i < 3; i++) editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    await editor.next((m) => m.type === 'metrics' && m.columns.epoch.includes(3));
    const res = await fork(server(), s.id, s.editToken);
    const forked = forkedSessionSchema.parse(await res.json());
    expect(forked).toMatchObject({ parentId: s.id, forkEpoch: 3 });
    expect(await model(server(), forked.id)).toEqual(await model(server(), s.id));
    const list = sessionListSchema.parse(await (await fetch(`${server().url}/api/sessions`)).json());
    expect(list.find((r) => r.id === forked.id)?.name).toBe('circle (fork @3)');
    editor.close();
  });
});

describe('[R22] fork refusals', () => {
  it('refuses a missing or wrong token with 403 and an unknown session with 404', async () => {
    const s = await memory.createSession({ preset: 'xor' });
    const before = ((await (await fetch(`${memory.url}/api/sessions`)).json()) as unknown[]).length;
    expect((await fork(memory, s.id, null)).status).toBe(403);
    const wrong = await fork(memory, s.id, 'not-the-token');
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ error: { code: 'forbidden' } });
    const unknown = await fork(memory, 'nope', s.editToken);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_session' } });
    expect((await fork(memory, s.id, s.editToken, { name: '   ' })).status).toBe(400);
    expect(((await (await fetch(`${memory.url}/api/sessions`)).json()) as unknown[]).length).toBe(before);
  });

  it('keeps a stored fork with its parent, history and weights across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liveprop-fork-restart-'));
    try {
      const first = await startTestServer({ dataDir: dir });
      const s = await first.createSession({ preset: 'xor' });
      const editor = await TestClient.joined(first.url, s.id, s.editToken);
      for (let i = 0; i < 5; i++) editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
      await editor.next((m) => m.type === 'metrics' && m.columns.epoch.includes(5));
      const forked = forkedSessionSchema.parse(await (await fork(first, s.id, s.editToken)).json());
      const csv = await csvRows(first, forked.id);
      const weights = await model(first, forked.id);
      editor.close();
      await first.close();
      const second = await startTestServer({ dataDir: dir });
      const list = sessionListSchema.parse(await (await fetch(`${second.url}/api/sessions`)).json());
      expect(list).toContainEqual(expect.objectContaining({ id: forked.id, parentId: s.id, forkEpoch: 5, epoch: 5 }));
      expect(await csvRows(second, forked.id)).toEqual(csv);
      expect(await model(second, forked.id)).toEqual(weights);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
