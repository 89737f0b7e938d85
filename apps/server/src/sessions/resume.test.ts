import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '@liveprop/protocol';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ ring: { frames: 20, chars: 1_000_000 } });
});
afterAll(async () => {
  await server.close();
});

const sequenced = (m: ServerMessage): m is Extract<ServerMessage, { seq: number }> => 'seq' in m && m.type !== 'sessionState';
const streamOf = (c: TestClient): string => {
  const state = c.received.find((m) => m.type === 'sessionState');
  if (state?.type !== 'sessionState') throw new Error('client has no sessionState');
  return state.streamId;
};

/** Produces `n` sequenced frames through an editor: each learning-rate change is one event frame. */
async function produce(editor: TestClient, n: number, start: number): Promise<void> {
  for (let i = 0; i < n; i++) editor.send({ type: 'change', change: { what: 'learningRate', value: 0.001 * (start + i + 1) } });
  for (let i = 0; i < n; i++) await editor.next((m) => m.type === 'event');
}

describe('resume', () => {
  it('[R4] replays exactly the missed frames, in order, to a client that reconnects with its last seq', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    const watcher = await TestClient.joined(server.url, s.id);
    await produce(editor, 3, 0);
    await watcher.next((m) => m.type === 'event' && m.to === 0.003);
    const lastSeq = watcher.lastSeq();
    const streamId = streamOf(watcher);
    watcher.close();
    await watcher.closed;
    await produce(editor, 5, 3);

    const back = await TestClient.connect(server.url);
    back.send({ type: 'hello', protocol: 1 });
    back.send({ type: 'join', sessionId: s.id, lastSeq, streamId });
    const resumed = await back.next((m) => m.type === 'resumed');
    expect(resumed).toMatchObject({ fromSeq: lastSeq + 1, role: 'viewer' });
    const toSeq = resumed.type === 'resumed' ? resumed.toSeq : -1;
    await back.next((m) => sequenced(m) && m.seq > toSeq);
    const replayed = back.received.filter(sequenced).filter((m) => m.seq <= toSeq);
    const fromEditor = editor.received.filter(sequenced).filter((m) => m.seq > lastSeq && m.seq <= toSeq);
    expect(replayed.map((m) => m.seq)).toEqual(Array.from({ length: toSeq - lastSeq }, (_, i) => lastSeq + 1 + i));
    expect(replayed).toEqual(fromEditor);
    expect(replayed.filter((m) => m.type === 'event').map((m) => (m.type === 'event' ? m.to : 0))).toEqual([0.004, 0.005, 0.006, 0.007, 0.008]);
    expect(back.received.some((m) => m.type === 'sessionState' || m.type === 'resync')).toBe(false);
    editor.close();
    back.close();
  });

  it('[R13] sends a flagged resync and full state when the missed frames are gone', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    const watcher = await TestClient.joined(server.url, s.id);
    const lastSeq = watcher.lastSeq();
    const streamId = streamOf(watcher);
    watcher.close();
    await produce(editor, 30, 0);

    const back = await TestClient.connect(server.url);
    back.send({ type: 'hello', protocol: 1, lastSeq, streamId });
    back.send({ type: 'join', sessionId: s.id });
    expect(await back.next((m) => m.type === 'resync')).toMatchObject({ flagged: true, reason: 'gone' });
    const state = await back.next((m) => m.type === 'sessionState');
    expect(state.type === 'sessionState' && state.events.length).toBe(30);
    expect(state.type === 'sessionState' && state.config.training.optimizer.learningRate).toBe(0.03);
    await back.next((m) => m.type === 'history');
    editor.close();
    back.close();
  });

  it('[R13] sends a flagged resync when the stream id is not the current one', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const back = await TestClient.connect(server.url);
    back.send({ type: 'hello', protocol: 1 });
    back.send({ type: 'join', sessionId: s.id, lastSeq: 3, streamId: 'from-a-previous-server' });
    expect(await back.next((m) => m.type === 'resync')).toMatchObject({ flagged: true, reason: 'stream_changed' });
    await back.next((m) => m.type === 'sessionState');
    back.close();
  });

  it('[R12] gives a late joiner the downsampled history, then the latest snapshot', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    editor.send({ type: 'speed', epochsPerSecond: null });
    editor.send({ type: 'control', command: { action: 'play' } });
    await editor.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e >= 40));
    editor.send({ type: 'control', command: { action: 'pause' } });
    const paused = await editor.next((m) => m.type === 'status' && m.status === 'paused');
    const final = paused.type === 'status' ? paused.epoch : -1;
    expect(editor.received.filter((m) => m.type === 'metrics').at(-1)).toMatchObject({ columns: { epoch: expect.arrayContaining([final]) } });
    const late = await TestClient.joined(server.url, s.id);
    const state = late.received.find((m) => m.type === 'sessionState');
    const history = await late.next((m) => m.type === 'history');
    const snapshot = await late.next((m) => m.type === 'snapshot' && m.snapshot.epoch === final);
    if (history.type !== 'history' || state?.type !== 'sessionState' || snapshot.type !== 'snapshot') throw new Error('unexpected frames');
    expect(state.epoch).toBe(final);
    expect(history.count).toBe(final);
    expect(history.start[0]).toBe(1);
    expect(history.end.at(-1)).toBe(final);
    expect(snapshot.snapshot.layers.length).toBe(state.config.network.layers.length);
    late.send({ type: 'requestHistory', from: 1, to: 10, resolution: 100 });
    const full = await late.next((m) => m.type === 'history' && m.to === 10);
    expect(full).toMatchObject({ full: true, count: 10, start: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });
    late.send({ type: 'requestHistory', from: 1, to: 40, resolution: 4 });
    const coarse = await late.next((m) => m.type === 'history' && m.to === 40);
    expect(coarse).toMatchObject({ full: false, count: 40, start: [1, 11, 21, 31], end: [10, 20, 30, 40] });
    editor.close();
    late.close();
  });
});
