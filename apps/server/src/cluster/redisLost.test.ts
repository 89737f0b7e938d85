import type { ServerMessage } from '@liveprop/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPostgresStore } from '../storage/pg/openPostgresStore.js';
import type { Store } from '../storage/types.js';
import { ClusterHarness, type NodeProcess } from '../testing/clusterHarness.js';
import { unwrap } from '../testing/storeResults.js';
import { TestClient } from '../testing/testClient.js';
import { LEASE_TTL_MS } from './clusterConfig.js';
import type { ClusterHealth } from './clusterMember.js';

let h: ClusterHarness;
let nodes: NodeProcess[];
let store: Store;
beforeAll(async () => {
  h = await ClusterHarness.start();
  nodes = await Promise.all([h.node(), h.node()]);
  store = unwrap(await openPostgresStore(h.databaseUrl));
}, 120_000);
afterAll(async () => {
  await store?.close();
  await h?.close();
}, 60_000);

async function health(node: NodeProcess): Promise<ClusterHealth> {
  return ((await (await fetch(`${node.url}/healthz`)).json()) as { cluster: ClusterHealth }).cluster;
}

/** Waits until the last `health` frame `client` got says `redis`, without moving its cursor. */
async function told(client: TestClient, redis: 'ok' | 'degraded'): Promise<void> {
  await vi.waitFor(() => expect(client.received.filter((m) => m.type === 'health').at(-1)).toEqual({ type: 'health', redis }), { timeout: 15_000, interval: 100 });
}

const status = (state: string) => (m: ServerMessage) => m.type === 'status' && m.status === state && m.by === 'system';

describe('cluster mode when Redis is lost', () => {
  it('[R40] the owner keeps its viewers, pauses within the lease time, says degraded, and trains again once Redis is back; one owner throughout', async () => {
    const [a, b] = nodes as [NodeProcess, NodeProcess];
    const s = await h.createSession(a);
    const editor = await TestClient.joined(a.url, s.id, s.editToken);
    const remote = await TestClient.joined(b.url, s.id);
    editor.send({ type: 'control', command: { action: 'play' } });
    await remote.next((m) => m.type === 'metrics', 10_000);
    expect(await health(a)).toMatchObject({ redis: 'ok', owned: 1 });

    await h.redis.stop();
    let editorClosed = false;
    void editor.closed.then(() => (editorClosed = true));
    await vi.waitFor(async () => expect((await health(a)).redis).toBe('degraded'), { timeout: 10_000, interval: 200 });
    // Every socket of a node that lost Redis is told so; one greeted meanwhile right after its welcome.
    for (const cl of [editor, remote]) await told(cl, 'degraded');
    const newcomer = await TestClient.connect(a.url);
    newcomer.send({ type: 'hello', protocol: 1 });
    await newcomer.next((m) => m.type === 'welcome');
    expect(await newcomer.next(() => true)).toEqual({ type: 'health', redis: 'degraded' });
    // It cannot renew the lease: it stops training within the lease time, its own viewers stay connected and served.
    await editor.next(status('paused'), LEASE_TTL_MS + 5_000);
    editor.send({ type: 'requestHistory', from: 0, to: 1_000_000, resolution: 10 });
    await editor.next((m) => m.type === 'history');
    expect(editorClosed).toBe(false);

    await h.redis.start();
    for (const cl of [editor, remote, newcomer]) await told(cl, 'ok');
    newcomer.close();
    await editor.next(status('running'), 15_000);
    await editor.next((m) => m.type === 'metrics');
    await vi.waitFor(async () => expect(await health(a)).toMatchObject({ redis: 'ok', owned: 1 }), { timeout: 10_000, interval: 200 });
    // b lost Redis too and notices its return on its own schedule.
    await vi.waitFor(async () => expect(await health(b)).toMatchObject({ redis: 'ok', owned: 0 }), { timeout: 10_000, interval: 200 });
    // The viewer on the other node is told to resync and watches on.
    await remote.next((m) => m.type === 'resync' && m.flagged, 15_000);
    const state = await remote.next((m) => m.type === 'sessionState');
    await remote.next((m) => m.type === 'metrics' && state.type === 'sessionState' && m.columns.epoch[0]! > state.epoch, 15_000);

    editor.send({ type: 'control', command: { action: 'pause' } });
    await editor.next((m) => m.type === 'status' && m.status === 'paused');
    // One trainer wrote the whole time: every stored epoch once, in order.
    await vi.waitFor(async () => {
      const epochs = unwrap(await store.readMetrics(s.id, 0, Number.MAX_SAFE_INTEGER)).map((m) => m.epoch);
      expect(epochs).toEqual(Array.from({ length: epochs.length }, (_, i) => i + 1));
    }, { timeout: 10_000 });
    expect(editorClosed).toBe(false);
    expect([editor.invalid, remote.invalid]).toEqual([[], []]);
    editor.close();
    remote.close();
  }, 120_000);
});
