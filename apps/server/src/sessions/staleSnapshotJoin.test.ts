import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerMessage } from '@liveprop/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../storage/openStore.js';
import { createCsvAtCap } from '../testing/csvAtCap.js';
import { unwrap } from '../testing/storeResults.js';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

const work = mkdtempSync(join(tmpdir(), 'liveprop-stale-snapshot-join-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const VIEWERS = 6;

/** Epochs of the snapshots `client` received, in order. */
const snapshotEpochs = (client: TestClient): number[] => client.received.flatMap((m) => (m.type === 'snapshot' ? [m.snapshot.epoch] : []));

const wakes = (server: TestServer): number => server.logs.filter((line) => line.includes('session woke')).length;

async function workers(server: TestServer): Promise<number> {
  return ((await (await fetch(`${server.url}/healthz`)).json()) as { workers: number }).workers;
}

/** Polls until `check` holds. */
async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves once every frame the server sent `client` before now has arrived: a ping's pong comes after them. */
async function drained(client: TestClient): Promise<void> {
  client.send({ type: 'ping', id: 1 });
  await client.next((m) => m.type === 'pong');
}

type Snapshot = Extract<ServerMessage, { type: 'snapshot' }>['snapshot'];

/** The snapshots `client` received, decoded (their `producedAt` stamp left out). */
const snapshots = (client: TestClient): Snapshot[] => client.received.flatMap((m) => (m.type === 'snapshot' ? [m.snapshot] : []));

/** Steps `editor` once per epoch up to `epoch`, waiting for that epoch's snapshot; answers its bytes and what they show. */
async function stepTo(editor: TestClient, epoch: number): Promise<{ bytes: Buffer; snapshot: Snapshot }> {
  const from = Math.max(0, ...snapshotEpochs(editor));
  for (let i = from; i < epoch; i++) editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
  await until(() => snapshotEpochs(editor).includes(epoch), `the snapshot of epoch ${epoch} arrives`);
  const at = snapshotEpochs(editor).indexOf(epoch);
  return { bytes: editor.rawSnapshots[at]!, snapshot: snapshots(editor)[at]! };
}

describe('joining a stored session whose stored snapshot is not of its checkpoint\'s epoch', () => {
  it('[R39] viewers joining at once wake it once and each gets the checkpoint epoch\'s snapshot, never the stale one; later joiners wake it no more', async () => {
    const dataDir = join(work, 'stale');
    const first = await startTestServer({ dataDir });
    const s = await first.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(first.url, s.id, s.editToken);
    const third = await stepTo(editor, 3);
    const fifth = await stepTo(editor, 5);
    editor.close();
    await first.close();
    // What a refused snapshot write leaves (storedSnapshotRace.test.ts): checkpoint 5, the snapshot of epoch 3.
    const store = unwrap(openStore(dataDir));
    unwrap(await store.claimSession(s.id));
    unwrap(await store.saveSnapshot(s.id, { epoch: 3, data: third.bytes }));
    expect(unwrap(await store.loadLatestCheckpoint(s.id))?.epoch).toBe(5);
    unwrap(await store.close());

    const restarted = await startTestServer({ dataDir, hibernateAfterMs: 600_000 });
    const viewers = await Promise.all(Array.from({ length: VIEWERS }, () => TestClient.joined(restarted.url, s.id)));
    for (const viewer of viewers) {
      await until(() => snapshotEpochs(viewer).length > 0, 'a joiner gets a snapshot');
      await drained(viewer);
      // Its worker renders epoch 5 as it was shown, gradient norms included: the checkpoint keeps the gradients.
      expect(snapshots(viewer)).toEqual([fifth.snapshot]);
    }
    expect(wakes(restarted)).toBe(1);
    expect(await workers(restarted)).toBe(1);

    const session = restarted.registry.get(s.id)!;
    const awakeJoiner = await TestClient.joined(restarted.url, s.id);
    await until(() => snapshotEpochs(awakeJoiner).length > 0, 'a joiner of the woken session gets its snapshot');
    // Idle, it hibernates as usual and stores the snapshot it rendered: the next joiner reads that, with no wake.
    await until(async () => (await restarted.registry.hibernation.hibernate(session)) || !session.awake, 'the session hibernates');
    await until(() => session.lastSnapshot === null, 'memory lets the stored snapshot go');
    const asleepJoiner = await TestClient.joined(restarted.url, s.id);
    await until(() => snapshotEpochs(asleepJoiner).length > 0, 'a joiner of the hibernated session gets the stored snapshot');
    for (const joiner of [awakeJoiner, asleepJoiner]) expect(snapshots(joiner)).toEqual([fifth.snapshot]);
    expect(session.awake).toBe(false);
    expect(wakes(restarted)).toBe(1);
    for (const client of [...viewers, awakeJoiner, asleepJoiner]) client.close();
    await restarted.close();
  }, 60_000);

  it('[R39] a CSV session created hibernated at the worker cap is stored with a checkpoint and no snapshot: a viewer\'s join wakes it to render epoch 0', async () => {
    const dataDir = join(work, 'missing');
    const first = await startTestServer({ dataDir, maxWorkers: 1 });
    const { csv, trainer } = await createCsvAtCap(first, 'csv');
    expect(first.registry.get(csv.id)?.awake).toBe(false);
    // Paused, it is not brought back with a worker at start-up: the CSV session's wake is the only one.
    trainer.send({ type: 'control', command: { action: 'pause' } });
    await trainer.next((m) => m.type === 'status' && m.status === 'paused');
    trainer.close();
    await first.close();
    const store = unwrap(openStore(dataDir));
    expect([unwrap(await store.loadLatestCheckpoint(csv.id))?.epoch, unwrap(await store.loadSnapshot(csv.id))]).toEqual([0, null]);
    unwrap(await store.close());

    const restarted = await startTestServer({ dataDir, hibernateAfterMs: 600_000 });
    const viewer = await TestClient.joined(restarted.url, csv.id);
    await until(() => snapshotEpochs(viewer).length > 0, 'the joiner gets a snapshot');
    expect(snapshotEpochs(viewer)).toEqual([0]);
    expect(wakes(restarted)).toBe(1);
    viewer.close();
    await restarted.close();
  }, 60_000);
});
