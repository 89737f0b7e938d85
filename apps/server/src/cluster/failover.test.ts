import type { ServerMessage } from '@liveprop/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPostgresStore } from '../storage/pg/openPostgresStore.js';
import type { Store } from '../storage/types.js';
import { ClusterHarness, ownedBy, type NodeProcess } from '../testing/clusterHarness.js';
import { unwrap } from '../testing/storeResults.js';
import { TestClient } from '../testing/testClient.js';
import { LEASE_TTL_MS, TAKEOVER_SWEEP_MS } from './clusterConfig.js';
import { TAKEN_OVER_EVENT } from './ownedSessions.js';

type SessionState = Extract<ServerMessage, { type: 'sessionState' }>;
const sequenced = (m: ServerMessage): m is Extract<ServerMessage, { seq: number }> => 'seq' in m && m.type !== 'sessionState';

/** Longest a takeover may take here: the lease lapses, a sweep finds it, the checkpoint loads (on a loaded machine). */
const TAKEOVER_BOUND_MS = LEASE_TTL_MS + 2 * TAKEOVER_SWEEP_MS + 10_000;

let h: ClusterHarness;
let nodes: NodeProcess[];
let store: Store;
beforeAll(async () => {
  h = await ClusterHarness.start();
  nodes = await Promise.all([h.node(), h.node(), h.node()]);
  store = unwrap(await openPostgresStore(h.databaseUrl));
}, 120_000);
afterAll(async () => {
  await store?.close();
  await h?.close();
}, 60_000);

/** Plays the session and resolves once a checkpoint past epoch 0 is stored. */
async function trainUntilCheckpointed(editor: TestClient, id: string): Promise<void> {
  editor.send({ type: 'control', command: { action: 'play' } });
  await editor.next((m) => m.type === 'status' && m.status === 'running');
  await vi.waitFor(async () => expect(unwrap(await store.loadLatestCheckpoint(id))?.epoch ?? 0).toBeGreaterThan(0), { timeout: 20_000, interval: 250 });
}

/** Waits for the flagged resync a failover brings and the fresh state after it. */
async function resynced(client: TestClient, oldStream: string): Promise<SessionState> {
  await client.next((m) => m.type === 'resync' && m.flagged, TAKEOVER_BOUND_MS);
  return client.next<SessionState>((m) => m.type === 'sessionState' && m.streamId !== oldStream, 10_000);
}

describe('cluster failover', () => {
  it('kill -9 of the owner mid-training: another node takes the session from its checkpoint, viewers elsewhere resync, no stored epoch lost', async () => {
    const [a, b, c] = nodes as [NodeProcess, NodeProcess, NodeProcess];
    const s = await h.createSession(a);
    const editor = await TestClient.joined(b.url, s.id, s.editToken);
    const viewer = await TestClient.joined(c.url, s.id);
    const oldStream = (viewer.received.find((m) => m.type === 'sessionState') as SessionState).streamId;
    await trainUntilCheckpointed(editor, s.id);
    await viewer.next((m) => m.type === 'metrics', 10_000);

    a.child.kill('SIGKILL');
    await a.exited;
    const killedAt = performance.now();
    const stored = unwrap(await store.readMetrics(s.id, 0, Number.MAX_SAFE_INTEGER));
    const checkpoint = unwrap(await store.loadLatestCheckpoint(s.id))!;

    const [fresh, editorFresh] = await Promise.all([resynced(viewer, oldStream), resynced(editor, oldStream)]);
    console.log(`takeover after kill -9: viewer resynced ${Math.round(performance.now() - killedAt)} ms after the owner died (lease ${LEASE_TTL_MS} ms)`);
    expect(fresh).toMatchObject({ status: 'paused', epoch: checkpoint.epoch, role: 'viewer' });
    expect(editorFresh).toMatchObject({ streamId: fresh.streamId, role: 'editor' });
    const takenOver = fresh.events.find((e) => e.what === TAKEN_OVER_EVENT);
    expect(takenOver?.to).toMatch(new RegExp(`^node \\S+ took the session over from its checkpoint of epoch ${checkpoint.epoch}; press play to go on$`));
    if (stored.at(-1)!.epoch > checkpoint.epoch) expect(fresh.events.find((e) => e.what === 'restored')).toMatchObject({ from: stored.at(-1)!.epoch, to: { epoch: checkpoint.epoch, weights: 'checkpoint' } });
    // Every epoch stored before the owner died is still there, unchanged, and in the history viewers get.
    expect(unwrap(await store.readMetrics(s.id, 0, Number.MAX_SAFE_INTEGER))).toEqual(stored);
    const history = await viewer.next((m) => m.type === 'history');
    expect(history.type === 'history' && [history.count, history.end.at(-1)]).toEqual([stored.length, stored.at(-1)!.epoch]);

    // The editor, still on its gateway, goes on training on the new owner; the viewer sees it on the new stream.
    editor.send({ type: 'control', command: { action: 'play' } });
    await viewer.next((m) => m.type === 'status' && m.status === 'running' && m.streamId === fresh.streamId);
    await viewer.next((m) => m.type === 'metrics' && m.streamId === fresh.streamId);
    editor.send({ type: 'control', command: { action: 'pause' } });
    await viewer.next((m) => m.type === 'status' && m.status === 'paused');
    expect(viewer.invalid).toEqual([]);
    editor.close();
    viewer.close();
  }, 90_000);

  it('SIGSTOP of the owner past its lease: another node takes over; the owner wakes fenced and stops training', async () => {
    const [, b, c] = nodes as [NodeProcess, NodeProcess, NodeProcess];
    // The first test's session went to b or c when a died; the owner here is the one that trains nothing else, so
    // its count of sessions says whether it let this one go.
    const [owner, gateway] = (await ownedBy(b)) === 0 ? [b, c] : [c, b];
    const s = await h.createSession(owner);
    const editor = await TestClient.joined(gateway.url, s.id, s.editToken);
    const oldStream = (editor.received.find((m) => m.type === 'sessionState') as SessionState).streamId;
    await trainUntilCheckpointed(editor, s.id);

    owner.child.kill('SIGSTOP');
    let fresh: SessionState;
    try {
      fresh = await resynced(editor, oldStream);
    } finally {
      owner.child.kill('SIGCONT');
    }
    editor.send({ type: 'control', command: { action: 'play' } });
    await editor.next((m) => m.type === 'status' && m.status === 'running' && m.streamId === fresh.streamId);

    // Awake again, the owner finds its lease gone: it stops the session, and what it still tried to store was refused.
    await vi.waitFor(async () => expect(await ownedBy(owner)).toBe(0), { timeout: 15_000, interval: 250 });
    // Whichever it met first on waking: a store write refused by the fence, or its lease found taken.
    await vi.waitFor(() => expect(owner.log()).toMatch(/"code":"fenced"|another server trains this session now/), { timeout: 15_000 });
    await editor.next((m) => m.type === 'metrics' && m.streamId === fresh.streamId);
    editor.send({ type: 'control', command: { action: 'pause' } });
    await editor.next((m) => m.type === 'status' && m.status === 'paused');

    // No frame of the old owner's stream reached the editor after the new stream began: its appends were refused by Redis too.
    const after = editor.received.slice(editor.received.indexOf(fresh));
    expect(after.filter(sequenced).filter((m) => m.streamId !== fresh.streamId)).toEqual([]);
    const epochs = unwrap(await store.readMetrics(s.id, 0, Number.MAX_SAFE_INTEGER)).map((m) => m.epoch);
    expect(epochs).toEqual(Array.from({ length: epochs.length }, (_, i) => i + 1));
    editor.close();
  }, 90_000);
});
