import { fromMetricColumns } from '@liveprop/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../storage/pg/openPostgresStore.js';
import { startPostgres, type TestPostgres } from '../testing/postgres.js';
import { unwrap } from '../testing/storeResults.js';
import { TestClient } from '../testing/testClient.js';
import { startTestServer } from '../testing/testServer.js';
import { PERSISTENCE_PAUSED_EVENT, PERSISTENCE_RESUMED_EVENT } from './checkpointTimer.js';

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 120_000);
afterAll(async () => {
  await postgres.remove();
}, 60_000);

describe('a PostgreSQL server lost during training', () => {
  it('pauses persistence with an event, keeps training, catches up once PostgreSQL is back, and never logs the password', async () => {
    const url = await postgres.createDatabase();
    const server = await startTestServer({ databaseUrl: url, checkpointEveryMs: 500 });
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken, 'Ada');
    const viewer = await TestClient.joined(server.url, s.id);
    editor.send({ type: 'speed', epochsPerSecond: 2000 });
    editor.send({ type: 'control', command: { action: 'play' } });
    await editor.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e >= 200));

    await postgres.stop();
    const paused = await viewer.next((m) => m.type === 'event' && m.what === PERSISTENCE_PAUSED_EVENT);
    if (paused.type !== 'event') throw new Error('expected an event');
    expect(paused).toMatchObject({ by: 'system', from: 'unavailable', to: expect.stringContaining('database server cannot be reached') });

    // Still training and serving while the database is away.
    await viewer.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e >= paused.epoch + 500));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    await postgres.start();
    const resumed = await viewer.next((m) => m.type === 'event' && m.what === PERSISTENCE_RESUMED_EVENT, 30_000);
    if (resumed.type !== 'event') throw new Error('expected an event');
    expect(resumed).toMatchObject({ by: 'system', from: 'unavailable' });
    await viewer.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e >= resumed.epoch + 200));
    editor.send({ type: 'control', command: { action: 'pause' } });
    const stopped = await editor.next((m) => m.type === 'status' && m.status === 'paused');
    const stoppedAt = stopped.type === 'status' ? stopped.epoch : -1;
    const shown = viewer.received.flatMap((m) => (m.type === 'metrics' ? fromMetricColumns(m.columns) : []));
    editor.close();
    viewer.close();
    await server.close();

    // Every epoch shown, before, during and after the outage, is stored once, and so are both events.
    const store = unwrap(await openPostgresStore(url));
    const stored = unwrap(await store.readMetrics(s.id, 0, Number.MAX_SAFE_INTEGER));
    const events = unwrap(await store.listEvents(s.id));
    const checkpoint = unwrap(await store.loadLatestCheckpoint(s.id));
    const row = unwrap(await store.getSession(s.id));
    await store.close();
    expect(stored.map((m) => m.epoch)).toEqual(Array.from({ length: stoppedAt }, (_, i) => i + 1));
    const storedByEpoch = new Map(stored.map((m) => [m.epoch, m]));
    expect(shown.filter((m) => storedByEpoch.get(m.epoch)?.trainLoss !== m.trainLoss).map((m) => m.epoch)).toEqual([]);
    expect(events.map((e) => e['what'])).toEqual(expect.arrayContaining([PERSISTENCE_PAUSED_EVENT, PERSISTENCE_RESUMED_EVENT]));
    expect(checkpoint!.epoch).toBe(stoppedAt);
    expect(row.storageError).toBeNull();

    expect(server.logs.join('')).toContain('unavailable');
    expect(server.logs.filter((line) => line.includes(postgres.password))).toEqual([]);
  }, 120_000);
});
