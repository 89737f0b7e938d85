import { fromMetricColumns, type ServerMessage } from '@liveprop/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const epochsOf = (c: TestClient): number[] =>
  c.received.flatMap((m) => (m.type === 'metrics' ? fromMetricColumns(m.columns).map((e) => e.epoch) : []));
const isEvent = (m: ServerMessage): boolean => m.type === 'event';

describe('broadcast', () => {
  it('[R8] delivers every epoch to every client once, in order, with rising seq', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const a = await TestClient.joined(server.url, s.id, s.editToken);
    const b = await TestClient.joined(server.url, s.id);
    a.send({ type: 'control', command: { action: 'play' } });
    await b.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e >= 30));
    a.send({ type: 'control', command: { action: 'pause' } });
    const paused = await a.next((m) => m.type === 'status' && m.status === 'paused');
    a.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    const stepped = await a.next((m) => m.type === 'metrics' && m.columns.epoch.includes(paused.type === 'status' ? paused.epoch + 1 : -1));
    await b.next((m) => m === stepped || (m.type === 'metrics' && m.seq === (stepped as { seq: number }).seq));
    const ea = epochsOf(a);
    expect(ea.length).toBeGreaterThan(30);
    expect(ea).toEqual(Array.from({ length: ea.length }, (_, i) => i + 1));
    expect(epochsOf(b)).toEqual(ea);
    const seqs = a.received.flatMap((m) => ('seq' in m && m.type !== 'sessionState' ? [m.seq] : []));
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1]! + 1);
    a.close();
    b.close();
  });

  it('[R10] broadcasts an accepted change as an event with from, to, by and the new config', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken, 'Ada');
    const viewer = await TestClient.joined(server.url, s.id);
    editor.send({ type: 'change', change: { what: 'learningRate', value: 0.25 } });
    const seen = await viewer.next(isEvent);
    expect(seen).toMatchObject({ type: 'event', what: 'learningRate', by: 'Ada', to: 0.25, epoch: 0 });
    expect(seen.type === 'event' && seen.config.training.optimizer.learningRate).toBe(0.25);
    expect(await editor.next(isEvent)).toEqual(seen);
    const late = await TestClient.joined(server.url, s.id);
    const state = late.received.find((m) => m.type === 'sessionState');
    expect(state?.type === 'sessionState' && state.events.map((e) => [e.what, e.to])).toEqual([['learningRate', 0.25]]);
    editor.close();
    viewer.close();
    late.close();
  });

  it("[R10] keeps the author's colour on the event, also after the author left", async () => {
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken, 'Ada');
    const welcome = editor.received.find((m) => m.type === 'welcome');
    const colour = welcome?.type === 'welcome' ? welcome.colour : '';
    editor.send({ type: 'change', change: { what: 'learningRate', value: 0.5 } });
    expect(await editor.next(isEvent)).toMatchObject({ by: 'Ada', colour });
    editor.close();
    const late = await TestClient.joined(server.url, s.id);
    const state = late.received.find((m) => m.type === 'sessionState');
    expect(state?.type === 'sessionState' && state.events.map((e) => [e.by, e.colour])).toEqual([['Ada', colour]]);
    late.close();
  });

  it('[R10] converges every client on the last value when two editors change the same setting at once', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const a = await TestClient.joined(server.url, s.id, s.editToken);
    const b = await TestClient.joined(server.url, s.id, s.editToken);
    const v = await TestClient.joined(server.url, s.id);
    for (let i = 0; i < 5; i++) {
      a.send({ type: 'change', change: { what: 'learningRate', value: 0.01 * (i + 1) } });
      b.send({ type: 'change', change: { what: 'learningRate', value: 0.1 * (i + 1) } });
    }
    const finalOf = async (c: TestClient): Promise<number> => {
      let last: ServerMessage | undefined;
      for (let i = 0; i < 10; i++) last = await c.next(isEvent);
      return last?.type === 'event' ? last.config.training.optimizer.learningRate : NaN;
    };
    const finals = await Promise.all([finalOf(a), finalOf(b), finalOf(v)]);
    expect(new Set(finals).size).toBe(1);
    const probe = await TestClient.joined(server.url, s.id);
    const state = probe.received.find((m) => m.type === 'sessionState');
    expect(state?.type === 'sessionState' && state.config.training.optimizer.learningRate).toBe(finals[0]);
    for (const c of [a, b, v, probe]) c.close();
  });

  it('[R11] sends the same snapshot bytes to every viewer', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    const viewer = await TestClient.joined(server.url, s.id);
    editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    const snapA = await editor.next((m) => m.type === 'snapshot' && m.snapshot.epoch === 1);
    await viewer.next((m) => m.type === 'snapshot' && m.snapshot.epoch === 1);
    const bytesOf = (c: TestClient): Buffer | undefined => c.rawSnapshots.find((b) => b.readUInt32LE(4) === 1);
    expect(bytesOf(editor)?.equals(bytesOf(viewer)!)).toBe(true);
    expect(snapA.type === 'snapshot' && snapA.snapshot.surface?.size).toBe(32);
    editor.close();
    viewer.close();
  });

  it('shows presence live: join, rename and leave', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const a = await TestClient.joined(server.url, s.id, s.editToken, 'Ada');
    const b = await TestClient.joined(server.url, s.id, undefined, 'Bob');
    await a.next((m) => m.type === 'presence' && m.viewers.length === 2);
    b.send({ type: 'setName', name: 'Robert' });
    const renamed = await a.next((m) => m.type === 'presence' && m.viewers.some((x) => x.name === 'Robert'));
    expect(renamed.type === 'presence' && renamed.viewers.map((x) => [x.name, x.role]).sort()).toEqual([['Ada', 'editor'], ['Robert', 'viewer']]);
    b.close();
    const left = await a.next((m) => m.type === 'presence' && m.viewers.length === 1);
    expect(left.type === 'presence' && left.viewers[0]?.name).toBe('Ada');
    const list = (await (await fetch(`${server.url}/api/sessions`)).json()) as { id: string; viewers: number }[];
    expect(list.find((x) => x.id === s.id)?.viewers).toBe(1);
    a.close();
  });

  it('[R18] lists at most 50 viewers, editors first, with a count of everyone, in coalesced frames', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken, 'Ada');
    const crowd = await Promise.all(Array.from({ length: 60 }, (_, i) => TestClient.joined(server.url, s.id, undefined, `v${i}`)));
    const full = await editor.next((m) => m.type === 'presence' && m.count === 61);
    if (full.type !== 'presence') throw new Error('expected presence');
    expect(full.viewers.length).toBe(50);
    expect(full.viewers[0]).toMatchObject({ name: 'Ada', role: 'editor' });
    expect(editor.received.filter((m) => m.type === 'presence').length).toBeLessThan(30);
    const late = crowd.at(-1)!.received.find((m) => m.type === 'sessionState');
    expect(late?.type === 'sessionState' && late.presence.length).toBeLessThanOrEqual(50);
    for (const c of crowd) c.close();
    await editor.next((m) => m.type === 'presence' && m.count === 1);
    editor.close();
  });
});
