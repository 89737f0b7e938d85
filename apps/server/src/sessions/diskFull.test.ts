import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fromMetricColumns, sessionListSchema } from '@liveprop/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../storage/openStore.js';
import { TestClient } from '../testing/testClient.js';
import { startTestServer } from '../testing/testServer.js';
import { fillDisk, mountTmpfs } from '../testing/tmpfs.js';
import { PERSISTENCE_PAUSED_EVENT, PERSISTENCE_RESUMED_EVENT } from './checkpointTimer.js';
import { unwrap } from '../testing/storeResults.js';

const disk = mountTmpfs(4096);
afterAll(() => disk.remove());

describe('a disk that fills up during training', () => {
  it('pauses persistence of the session with an event to its viewers, keeps training, and catches the store up once space is freed', async () => {
    const dataDir = join(disk.dir, 'data');
    const filler = join(disk.dir, 'filler');
    const server = await startTestServer({ dataDir, checkpointEveryMs: 500 });
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken, 'Ada');
    const viewer = await TestClient.joined(server.url, s.id);
    editor.send({ type: 'speed', epochsPerSecond: 2000 });
    editor.send({ type: 'control', command: { action: 'play' } });
    await editor.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e >= 200));

    fillDisk(filler);
    const paused = await viewer.next((m) => m.type === 'event' && m.what === PERSISTENCE_PAUSED_EVENT);
    if (paused.type !== 'event') throw new Error('expected an event');
    expect(paused).toMatchObject({ by: 'system', from: 'disk_full', to: expect.stringContaining('disk is full') });
    const pausedAt = paused.epoch;

    // Still training, still serving: epochs keep coming, the lobby lists the session as running, and it is said once.
    await viewer.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e >= pausedAt + 500));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const list = sessionListSchema.parse(await (await fetch(`${server.url}/api/sessions`)).json());
    expect(list).toContainEqual(expect.objectContaining({ id: s.id, status: 'running' }));
    expect(viewer.received.filter((m) => m.type === 'event' && m.what === PERSISTENCE_PAUSED_EVENT)).toHaveLength(1);

    // A reset while unsaved: the stored epochs past it are stale and must not survive the catch-up.
    editor.send({ type: 'control', command: { action: 'reset', mode: 'reinit' } });
    await viewer.next((m) => m.type === 'event' && m.what === 'reset');
    const afterReset = viewer.received.length;
    await viewer.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e >= 300));

    rmSync(filler);
    const resumed = await viewer.next((m) => m.type === 'event' && m.what === PERSISTENCE_RESUMED_EVENT);
    if (resumed.type !== 'event') throw new Error('expected an event');
    expect(resumed).toMatchObject({ by: 'system', from: 'disk_full' });
    // After the pause in the stream (its epoch may be lower: the reset started the count over).
    expect(resumed.seq).toBeGreaterThan(paused.seq);
    await viewer.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e >= resumed.epoch + 200));
    editor.send({ type: 'control', command: { action: 'pause' } });
    const stopped = await editor.next((m) => m.type === 'status' && m.status === 'paused');
    const stoppedAt = stopped.type === 'status' ? stopped.epoch : -1;
    const shown = viewer.received.slice(afterReset).flatMap((m) => (m.type === 'metrics' ? fromMetricColumns(m.columns) : []));
    expect(shown[0]!.epoch).toBe(1);
    editor.close();
    viewer.close();
    await server.close();

    // Every epoch shown since the reset, unsaved or not, is stored without a hole, and so are both events.
    const store = unwrap(openStore(dataDir));
    const count = unwrap(await store.metricsCount(s.id));
    const stored = unwrap(await store.readMetrics(s.id, 0, Number.MAX_SAFE_INTEGER));
    const events = unwrap(await store.listEvents(s.id));
    const checkpoint = unwrap(await store.loadLatestCheckpoint(s.id));
    const flagged = unwrap(await store.getSession(s.id)).storageError;
    await store.close();
    expect(count).toBe(stoppedAt);
    expect(stored.map((m) => m.epoch)).toEqual(Array.from({ length: stoppedAt }, (_, i) => i + 1));
    const storedByEpoch = new Map(stored.map((m) => [m.epoch, m]));
    expect(shown.filter((m) => storedByEpoch.get(m.epoch)?.trainLoss !== m.trainLoss).map((m) => m.epoch)).toEqual([]);
    expect(events.map((e) => e['what'])).toEqual(expect.arrayContaining([PERSISTENCE_PAUSED_EVENT, PERSISTENCE_RESUMED_EVENT]));
    expect(checkpoint!.epoch).toBe(stoppedAt);
    expect(flagged).toBeNull();

    const again = await startTestServer({ dataDir });
    const back = await TestClient.joined(again.url, s.id, s.editToken);
    const state = back.received.find((m) => m.type === 'sessionState');
    expect(state).toMatchObject({ status: 'paused', epoch: stoppedAt });
    back.close();
    await again.close();
  }, 60_000);
});
