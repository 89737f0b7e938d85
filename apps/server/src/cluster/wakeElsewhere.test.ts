import type { ServerMessage } from '@liveprop/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPostgresStore } from '../storage/pg/openPostgresStore.js';
import type { Store } from '../storage/types.js';
import { ClusterHarness, type NodeProcess } from '../testing/clusterHarness.js';
import { stopProcess } from '../testing/serverProcess.js';
import { unwrap } from '../testing/storeResults.js';
import { TestClient } from '../testing/testClient.js';
import type { ClusterHealth } from './clusterMember.js';

type SessionState = Extract<ServerMessage, { type: 'sessionState' }>;

/** One worker, and an idle session hibernates after a second: one training session fills the node. Info logs say where a session woke. */
const ONE_WORKER = { LIVEPROP_MAX_WORKERS: '1', LIVEPROP_HIBERNATE_AFTER: '1', LOG_LEVEL: 'info' };

let h: ClusterHarness;
let store: Store;
/** Each test's nodes, stopped after it: a node left from another test would have room too. */
let started: NodeProcess[] = [];
beforeAll(async () => {
  h = await ClusterHarness.start();
  store = unwrap(await openPostgresStore(h.databaseUrl));
}, 120_000);
afterEach(async () => {
  await Promise.all(started.map((n) => stopProcess(n.child, 'SIGTERM')));
  started = [];
}, 30_000);
afterAll(async () => {
  await store?.close();
  await h?.close();
}, 60_000);

interface Health {
  workers: number;
  cluster: ClusterHealth;
}

/** Starts `count` nodes of one worker each, stopped after the test. */
async function nodes(count: number): Promise<NodeProcess[]> {
  const made = await Promise.all(Array.from({ length: count }, () => h.node(ONE_WORKER)));
  started.push(...made);
  return made;
}

async function health(node: NodeProcess): Promise<Health> {
  return (await (await fetch(`${node.url}/healthz`)).json()) as Health;
}

async function storedEpochs(id: string): Promise<number[]> {
  return unwrap(await store.readMetrics(id, 0, Number.MAX_SAFE_INTEGER)).map((m) => m.epoch);
}

/**
 * Node `full` owns session `s`, trained a little and now hibernated, with an editor and a viewer joined through
 * `full`; its one worker trains another session. Answers the clients and the epochs `s` had stored.
 */
async function hibernatedOnFullNode(full: NodeProcess) {
  const s = await h.createSession(full);
  const editor = await TestClient.joined(full.url, s.id, s.editToken, 'Ada');
  const viewer = await TestClient.joined(full.url, s.id, undefined, 'Bea');
  editor.send({ type: 'control', command: { action: 'play' } });
  await editor.next((m) => m.type === 'metrics' && m.columns.epoch.at(-1)! >= 5, 20_000);
  editor.send({ type: 'control', command: { action: 'pause' } });
  await editor.next((m) => m.type === 'status' && m.status === 'paused');
  await vi.waitFor(async () => expect((await health(full)).workers).toBe(0), { timeout: 15_000, interval: 200 });
  const filler = await h.createSession(full);
  const fillerEditor = await TestClient.joined(full.url, filler.id, filler.editToken);
  fillerEditor.send({ type: 'control', command: { action: 'play' } });
  await fillerEditor.next((m) => m.type === 'metrics', 20_000);
  expect(await health(full)).toMatchObject({ workers: 1, cluster: { owned: 2 } });
  const stream = (editor.received.find((m) => m.type === 'sessionState') as SessionState).streamId;
  return { s, editor, viewer, fillerEditor, stream, before: await storedEpochs(s.id) };
}

/** Pauses the filler session and leaves: stored as running, a later test's nodes would take it over. */
async function done(fillerEditor: TestClient): Promise<void> {
  fillerEditor.send({ type: 'control', command: { action: 'pause' } });
  await fillerEditor.next((m) => m.type === 'status' && m.status === 'paused');
  fillerEditor.close();
}

/** The flagged resync and fresh state a client gets when its session moves to another stream. */
async function followed(client: TestClient, oldStream: string): Promise<SessionState> {
  await client.next((m) => m.type === 'resync' && m.flagged && m.reason === 'stream_changed', 30_000);
  return client.next<SessionState>((m) => m.type === 'sessionState' && m.streamId !== oldStream, 10_000);
}

/** Lines of a node's log about session `id` that say it started a worker for it. */
function wokeOn(node: NodeProcess, id: string): string[] {
  return node.log().split('\n').filter((line) => line.includes(`"sessionId":"${id}"`) && line.includes('"msg":"session woke"'));
}

describe('a hibernated session on a full node wakes on a node with a free worker', () => {
  it('play on the full owner trains it on the node with room; viewers here follow without reconnecting; nothing stored is lost', async () => {
    const [full, roomy] = (await nodes(2)) as [NodeProcess, NodeProcess];
    const { s, editor, viewer, fillerEditor, stream, before } = await hibernatedOnFullNode(full);

    editor.send({ type: 'control', command: { action: 'play' } });
    const [state, viewerState] = await Promise.all([followed(editor, stream), followed(viewer, stream)]);
    expect(state).toMatchObject({ role: 'editor', epoch: before.at(-1) });
    expect(viewerState).toMatchObject({ role: 'viewer', streamId: state.streamId });
    const running = (m: ServerMessage): boolean => m.type === 'status' && m.status === 'running' && m.streamId === state.streamId;
    await Promise.all([editor.next(running, 20_000), viewer.next(running, 20_000)]);
    await viewer.next((m) => m.type === 'metrics' && m.streamId === state.streamId && m.columns.epoch.at(-1)! > before.at(-1)!, 20_000);
    expect([(await health(full)).cluster.owned, (await health(roomy)).cluster.owned]).toEqual([1, 1]);
    // Presence, merged on the new owner, still counts both clients connected to the old one.
    await viewer.seen((m) => m.type === 'presence' && m.streamId === state.streamId && m.count === 2, 10_000);

    editor.send({ type: 'control', command: { action: 'pause' } });
    await viewer.next((m) => m.type === 'status' && m.status === 'paused' && m.streamId === state.streamId);
    const after = await storedEpochs(s.id);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toEqual(Array.from({ length: after.length }, (_, i) => i + 1));
    expect(after.length).toBeGreaterThan(before.length);
    expect(wokeOn(full, s.id)).toEqual([]);
    for (const client of [editor, viewer]) {
      expect(client.invalid).toEqual([]);
      expect(client.received.filter((m) => m.type === 'error')).toEqual([]);
    }
    await done(fillerEditor);
    for (const client of [editor, viewer]) client.close();
  }, 120_000);

  it('a play through the owner and one through another node at the same moment: the session moves once and trains on one node only', async () => {
    const [full, roomy, gateway] = (await nodes(3)) as [NodeProcess, NodeProcess, NodeProcess];
    const { s, editor, viewer, fillerEditor, stream, before } = await hibernatedOnFullNode(full);
    const farEditor = await TestClient.joined(gateway.url, s.id, s.editToken, 'Cy');

    editor.send({ type: 'control', command: { action: 'play' } });
    farEditor.send({ type: 'control', command: { action: 'play' } });
    const state = await followed(editor, stream);
    // A client that got the new owner's state after the play sees it running there, not the status frame.
    const running = (m: ServerMessage): boolean => (m.type === 'status' || m.type === 'sessionState') && m.status === 'running' && m.streamId === state.streamId;
    await Promise.all([editor.seen(running, 20_000), viewer.seen(running, 20_000), farEditor.seen(running, 20_000)]);
    await farEditor.next((m) => m.type === 'metrics' && m.streamId === state.streamId, 20_000);
    // Whichever of the two nodes with room took it, it is the only one: the full node kept just its filler.
    const owned = await Promise.all([full, roomy, gateway].map(async (n) => (await health(n)).cluster.owned));
    expect(owned[0]).toBe(1);
    expect(owned[1]! + owned[2]!).toBe(1);
    expect(wokeOn(full, s.id)).toEqual([]);
    await viewer.seen((m) => m.type === 'presence' && m.streamId === state.streamId && m.count === 3, 10_000);

    farEditor.send({ type: 'control', command: { action: 'pause' } });
    await editor.next((m) => m.type === 'status' && m.status === 'paused' && m.streamId === state.streamId, 10_000);
    const after = await storedEpochs(s.id);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toEqual(Array.from({ length: after.length }, (_, i) => i + 1));
    for (const client of [editor, viewer, farEditor]) {
      expect(client.invalid).toEqual([]);
      expect(client.received.filter((m) => m.type === 'error')).toEqual([]);
    }
    await done(fillerEditor);
    for (const client of [editor, viewer, farEditor]) client.close();
  }, 120_000);

  it('a node with room that does not answer the hand-off: the session comes back hibernated on its node and wakes there as on one node', async () => {
    const [full, frozen] = (await nodes(2)) as [NodeProcess, NodeProcess];
    const { s, editor, viewer, fillerEditor, stream, before } = await hibernatedOnFullNode(full);
    frozen.child.kill('SIGSTOP');
    try {
      editor.send({ type: 'control', command: { action: 'play' } });
      const [state] = await Promise.all([followed(editor, stream), followed(viewer, stream)]);
      expect(state).toMatchObject({ status: 'paused', epoch: before.at(-1) });
      // Back on its node, at the cap: refused as on one node, naming the setting.
      expect(await editor.next((m) => m.type === 'error', 10_000)).toMatchObject({ code: 'busy', requestType: 'control', message: expect.stringContaining('LIVEPROP_MAX_WORKERS=1') });
      expect((await health(full)).cluster.owned).toBe(2);

      // With its worker free again it wakes there, without asking the node that did not answer.
      fillerEditor.send({ type: 'control', command: { action: 'pause' } });
      await fillerEditor.next((m) => m.type === 'status' && m.status === 'paused');
      editor.send({ type: 'control', command: { action: 'play' } });
      await viewer.next((m) => m.type === 'status' && m.status === 'running' && m.streamId === state.streamId, 20_000);
      await viewer.next((m) => m.type === 'metrics' && m.streamId === state.streamId && m.columns.epoch.at(-1)! > before.at(-1)!, 20_000);
      expect(wokeOn(full, s.id)).toHaveLength(1);
      editor.send({ type: 'control', command: { action: 'pause' } });
      await viewer.next((m) => m.type === 'status' && m.status === 'paused', 10_000);
    } finally {
      frozen.child.kill('SIGCONT');
    }
    const after = await storedEpochs(s.id);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toEqual(Array.from({ length: after.length }, (_, i) => i + 1));
    expect(viewer.received.filter((m) => m.type === 'error')).toEqual([]);
    for (const client of [editor, viewer, fillerEditor]) client.close();
  }, 120_000);
});
