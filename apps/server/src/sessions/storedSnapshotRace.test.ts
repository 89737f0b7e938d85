import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../storage/openStore.js';
import type { Store, StoredSnapshot, StoreResult } from '../storage/types.js';
import type { Session } from './session.js';
import { unwrap } from '../testing/storeResults.js';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

const work = mkdtempSync(join(tmpdir(), 'liveprop-snapshot-race-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let dirs = 0;

/** One snapshot read held back: `read` is what the store answered when asked; the session gets it only on `release`. */
interface HeldRead {
  read: Promise<StoredSnapshot | null>;
  /** Lets the answer go to the session. */
  release(): void;
}

/**
 * A real SQLite store whose next `loadSnapshot`, once {@link holdNext} armed it, reads at once but answers only when
 * released: a slow disk or database, in an order the test picks.
 */
function holdingStore(store: Store): { store: Store; holdNext(): HeldRead } {
  let armed: ((answer: StoreResult<StoredSnapshot | null>) => Promise<void>) | null = null;
  const loadSnapshot = async (id: string): Promise<StoreResult<StoredSnapshot | null>> => {
    const answer = await store.loadSnapshot(id);
    const hold = armed;
    armed = null;
    if (hold !== null) await hold(answer);
    return answer;
  };
  const wrapped = new Proxy(store, {
    get(target, key) {
      if (key === 'loadSnapshot') return loadSnapshot;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    store: wrapped,
    holdNext() {
      let asked!: (snapshot: StoredSnapshot | null) => void;
      let letGo!: () => void;
      const read = new Promise<StoredSnapshot | null>((resolve) => (asked = resolve));
      const released = new Promise<void>((resolve) => (letGo = resolve));
      armed = async (answer) => {
        asked(answer.ok ? answer.value : null);
        await released;
      };
      return {
        read,
        release: letGo,
      };
    },
  };
}

/**
 * A real SQLite store whose snapshot writes, once {@link refuse} is called, fail as a full disk would, and which tells
 * when a snapshot read has answered.
 */
function snapshotTroubleStore(store: Store): { store: Store; refuse(): void; nextRead(): Promise<void> } {
  let refusing = false;
  let readDone: (() => void) | null = null;
  const saveSnapshot: Store['saveSnapshot'] = async (id, snapshot) =>
    refusing ? { ok: false, code: 'disk_full', message: 'database or disk is full' } : store.saveSnapshot(id, snapshot);
  const loadSnapshot: Store['loadSnapshot'] = async (id) => {
    const answer = await store.loadSnapshot(id);
    const done = readDone;
    readDone = null;
    setTimeout(() => done?.(), 0);
    return answer;
  };
  const wrapped = new Proxy(store, {
    get(target, key) {
      if (key === 'saveSnapshot') return saveSnapshot;
      if (key === 'loadSnapshot') return loadSnapshot;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    store: wrapped,
    refuse: () => (refusing = true),
    nextRead: () => new Promise<void>((resolve) => (readDone = resolve)),
  };
}

/** Polls until `check` holds. */
async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Epochs of the snapshots `client` received, in order. */
const snapshotEpochs = (client: TestClient): number[] => client.received.flatMap((m) => (m.type === 'snapshot' ? [m.snapshot.epoch] : []));

/** Resolves once every frame the server sent `client` before now has arrived: a ping's pong comes after them. */
async function drained(client: TestClient, id: number): Promise<void> {
  client.send({ type: 'ping', id });
  await client.next((m) => m.type === 'pong' && m.id === id);
}

/** Hibernates `session` as the idle sweep would, once the commands it is busy with are done; waits until memory let its stored snapshot go. */
async function hibernate(server: TestServer, session: Session): Promise<void> {
  await until(async () => (await server.registry.hibernation.hibernate(session)) || !session.awake, 'the session hibernates');
  await until(() => session.lastSnapshot === null, 'memory lets the stored snapshot go');
}

/** A viewer joined to a hibernated session whose snapshot read is held; the editor is joined too. */
interface HeldJoin {
  server: TestServer;
  editor: TestClient;
  viewer: TestClient;
  held: HeldRead;
  id: string;
}

/**
 * A server on a held store with a session stepped to epoch 3 and hibernated, its snapshot let go from memory; then a
 * viewer joins and its snapshot read is held, having read epoch 3's.
 */
async function viewerWithHeldRead(): Promise<HeldJoin> {
  const holding = holdingStore(unwrap(openStore(join(work, `data-${dirs++}`))));
  // Hibernation is the test's to start: the idle sweep must not move it.
  const server = await startTestServer({ store: holding.store, hibernateAfterMs: 600_000 });
  const s = await server.createSession({ preset: 'xor' });
  const editor = await TestClient.joined(server.url, s.id, s.editToken);
  for (let i = 0; i < 3; i++) editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
  await until(() => snapshotEpochs(editor).includes(3), 'the snapshot of epoch 3 arrives');
  await hibernate(server, server.registry.get(s.id)!);
  const held = holding.holdNext();
  const viewer = await TestClient.joined(server.url, s.id);
  expect((await held.read)?.epoch).toBe(3);
  return { server, editor, viewer, held, id: s.id };
}

/** Lets the held read answer; the viewer, whose last live snapshot shows `epoch`, must get nothing more. */
async function releaseExpectingNothingMore({ viewer, held }: HeldJoin, epoch: number): Promise<void> {
  const live = snapshotEpochs(viewer);
  expect(live.at(-1)).toBe(epoch);
  held.release();
  await drained(viewer, 1);
  expect(snapshotEpochs(viewer)).toEqual(live);
}

async function closeAll({ server, editor, viewer }: HeldJoin, ...others: TestClient[]): Promise<void> {
  for (const c of [editor, viewer, ...others]) c.close();
  await server.close();
}

/** Steps the session once, waking it, and waits until the viewer has epoch 4's snapshot. */
async function stepTo4({ editor, viewer }: HeldJoin): Promise<void> {
  editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
  await until(() => snapshotEpochs(viewer).includes(4), 'the live snapshot of epoch 4 reaches the joiner');
}

/** Adds a neuron to xor's first hidden layer (8 → 9; the epoch stays) and waits until the viewer has the new network's snapshot. */
async function addNeuron({ editor, viewer }: HeldJoin): Promise<void> {
  editor.send({ type: 'change', change: { what: 'addNeuron', layer: 0 } });
  await viewer.seen((m) => m.type === 'snapshot' && m.snapshot.layers[0]?.outputs === 9);
}

describe('a join reading a hibernated session\'s snapshot from the store', () => {
  it('[R39] a read answering after the woken session broadcast a newer snapshot sends the joiner nothing stale', async () => {
    const race = await viewerWithHeldRead();
    await stepTo4(race);
    expect(race.server.registry.get(race.id)?.lastSnapshot).not.toBeNull();
    // The wake itself broadcasts the weights it starts from (epoch 3), then the step's.
    await releaseExpectingNothingMore(race, 4);
    expect(race.viewer.rawSnapshots.at(-1)!.equals(race.editor.rawSnapshots.at(-1)!)).toBe(true);
    await closeAll(race);
  });

  it('[R39] nor when the session has gone back to sleep and let its newer snapshot go; a joiner meanwhile reads the newer one', async () => {
    const race = await viewerWithHeldRead();
    await stepTo4(race);
    await hibernate(race.server, race.server.registry.get(race.id)!);
    // Its read starts after epoch 4's snapshot was stored: it does not wait for the held one, nor share its answer.
    const late = await TestClient.joined(race.server.url, race.id);
    await until(() => late.rawSnapshots.length > 0, 'the later joiner gets the stored snapshot');
    expect(late.rawSnapshots[0]!.equals(race.editor.rawSnapshots.at(-1)!)).toBe(true);
    await releaseExpectingNothingMore(race, 4);
    await drained(late, 1);
    expect(snapshotEpochs(late)).toEqual([4]);
    await closeAll(race, late);
  });

  it('[R39] nor when an edit changed the network at the same epoch and the awake session holds its snapshot', async () => {
    const race = await viewerWithHeldRead();
    await addNeuron(race);
    await releaseExpectingNothingMore(race, 3);
    await closeAll(race);
  });

  it('[R39] nor when an edit changed the network at the same epoch and the session slept again before the read answers', async () => {
    const race = await viewerWithHeldRead();
    await addNeuron(race);
    await hibernate(race.server, race.server.registry.get(race.id)!);
    await releaseExpectingNothingMore(race, 3);
    await closeAll(race);
  });

  it('[R39] after a restart, a stored snapshot older than the checkpoint the session came back at (its write was refused) is not sent: the join wakes the session, which renders the checkpoint\'s', async () => {
    const dir = join(work, `data-${dirs++}`);
    const first = snapshotTroubleStore(unwrap(openStore(dir)));
    const server = await startTestServer({ store: first.store, hibernateAfterMs: 600_000 });
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    const step = (): void => editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    for (let i = 0; i < 3; i++) step();
    await until(() => snapshotEpochs(editor).includes(3), 'the snapshot of epoch 3 arrives');
    const session = server.registry.get(s.id)!;
    await hibernate(server, session);
    first.refuse();
    for (let i = 0; i < 2; i++) step();
    await until(() => snapshotEpochs(editor).includes(5), 'the snapshot of epoch 5 arrives');
    await until(async () => (await server.registry.hibernation.hibernate(session)) || !session.awake, 'the session hibernates');
    await until(async () => (await first.store.loadLatestCheckpoint(s.id)).ok && unwrap(await first.store.loadLatestCheckpoint(s.id))?.epoch === 5, 'checkpoint 5 is stored');
    editor.close();
    await server.close();

    const second = snapshotTroubleStore(unwrap(openStore(dir)));
    expect(unwrap(await second.store.loadSnapshot(s.id))?.epoch).toBe(3);
    const restarted = await startTestServer({ store: second.store });
    const read = second.nextRead();
    const viewer = await TestClient.joined(restarted.url, s.id);
    expect(viewer.received.find((m) => m.type === 'sessionState')).toMatchObject({ epoch: 5 });
    // Start-up leaves a paused session in the store and the join loads it hibernated; the store's snapshot, epoch 3's,
    // is stale and not sent: the join wakes the session and its worker renders epoch 5's.
    await read;
    await until(() => snapshotEpochs(viewer).length > 0, 'the joiner gets a snapshot');
    await drained(viewer, 1);
    expect(restarted.registry.get(s.id)?.awake).toBe(true);
    expect(snapshotEpochs(viewer)).toEqual([5]);
    viewer.close();
    await restarted.close();
  });
});
