import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClusterHarness, ownedBy, type NodeProcess } from '../testing/clusterHarness.js';
import { stopProcess } from '../testing/serverProcess.js';
import { TestClient } from '../testing/testClient.js';

/** Every node here has one worker, so one training session fills it. */
const ONE_WORKER = { LIVEPROP_MAX_WORKERS: '1' };

let h: ClusterHarness;
beforeAll(async () => {
  h = await ClusterHarness.start();
}, 120_000);
afterAll(async () => {
  await h?.close();
}, 60_000);

/** Joins `id` through `node` as its editor, plays it and resolves once it trains. */
async function train(node: NodeProcess, id: string, editToken: string): Promise<TestClient> {
  const editor = await TestClient.joined(node.url, id, editToken);
  editor.send({ type: 'control', command: { action: 'play' } });
  await editor.next((m) => m.type === 'status' && m.status === 'running', 15_000);
  await editor.next((m) => m.type === 'metrics', 15_000);
  return editor;
}

describe('cluster placement by free workers', () => {
  it('a session created on a node at its LIVEPROP_MAX_WORKERS cap is created and trained on a node with a free worker', async () => {
    const [a, b] = await Promise.all([h.node(ONE_WORKER), h.node(ONE_WORKER)]);
    const first = await h.createSession(a);
    const busy = await train(a, first.id, first.editToken);

    const placed = await h.createSession(a);
    await vi.waitFor(async () => expect([await ownedBy(a), await ownedBy(b)]).toEqual([1, 1]), { timeout: 10_000, interval: 200 });
    // It trains on b while a's one worker is still busy: through a, as any node answers any URL.
    const editor = await train(a, placed.id, placed.editToken);
    expect(busy.received.filter((m) => m.type === 'error')).toEqual([]);
    expect(editor.received.filter((m) => m.type === 'error')).toEqual([]);
    busy.close();
    editor.close();
  }, 60_000);

  it('a stored session nobody trains, joined through a node at its cap, wakes on a node with a free worker', async () => {
    const [full, keeper] = await Promise.all([h.node(ONE_WORKER), h.node(ONE_WORKER)]);
    const filler = await h.createSession(full);
    const busy = await train(full, filler.id, filler.editToken);
    const stored = await h.createSession(keeper);
    // A session started here is leased just after it starts, not before the creation is answered.
    await vi.waitFor(async () => expect(await ownedBy(keeper)).toBe(1), { timeout: 10_000, interval: 100 });
    await stopProcess(keeper.child, 'SIGTERM'); // gives its lease up: the session is stored and nobody's
    const roomy = await h.node(ONE_WORKER);

    const viewer = await TestClient.connect(full.url);
    viewer.send({ type: 'hello', protocol: 1 });
    viewer.send({ type: 'join', sessionId: stored.id });
    // The join waits for the hand-off and a restore from the store, slow on a loaded machine: a bound, not a measure.
    expect(await viewer.next((m) => m.type === 'sessionState' || m.type === 'error', 30_000)).toMatchObject({ type: 'sessionState', sessionId: stored.id, role: 'viewer' });
    await vi.waitFor(async () => expect(await ownedBy(roomy)).toBe(1), { timeout: 10_000, interval: 200 });
    expect(await ownedBy(full)).toBe(1);
    busy.close();
    viewer.close();
  }, 60_000);
});
