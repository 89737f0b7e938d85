import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPreset } from '@liveprop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { openStore } from '../storage/openStore.js';
import type { EpochMetricsRow } from '../storage/types.js';
import { metricsJsonSchema } from '@liveprop/protocol';

const EPOCHS = 120_000;
const SPIKE_EPOCH = 77_777;
const dataDir = mkdtempSync(join(tmpdir(), 'liveprop-metrics-json-'));
let server: TestServer;

/** A stored session of 120 000 epochs whose train loss jumps to 9 for one epoch. */
async function seedLongSession(): Promise<void> {
  const opened = openStore(dataDir);
  if (!opened.ok) throw new Error(opened.message);
  const store = opened.value;
  await store.createSession({ id: 'long', name: 'long run', config: getPreset('xor'), editTokenHash: 'h', createdAt: 1 });
  for (let first = 1; first <= EPOCHS; first += 4000) {
    const batch: EpochMetricsRow[] = [];
    for (let e = first; e < first + 4000; e++) {
      batch.push({ epoch: e, trainLoss: e === SPIKE_EPOCH ? 9 : 1 / e, testLoss: 2 / e, trainAccuracy: 0.5, testAccuracy: 0.25, learningRate: 0.1, epochMs: 0.1 });
    }
    const appended = await store.appendMetrics('long', batch);
    if (!appended.ok) throw new Error(appended.message);
  }
  await store.close();
}

beforeAll(async () => {
  await seedLongSession();
  server = await startTestServer({ dataDir });
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const get = (path: string) => fetch(`${server.url}/api/sessions/${path}`);
const metricsJson = async (path: string) => {
  const res = await get(path);
  expect(res.status).toBe(200);
  return metricsJsonSchema.parse(await res.json());
};

describe('[R23] GET /api/sessions/:id/metrics.json', () => {
  it('answers a 120 000-epoch session in at most N min/max rows whose envelope keeps a one-epoch spike', async () => {
    const body = await metricsJson('long/metrics.json?points=300');
    expect(body).toMatchObject({ type: 'history', sessionId: 'long', from: 0, to: EPOCHS, count: EPOCHS, full: false, epochs: EPOCHS, lastEpoch: EPOCHS });
    expect(body.start.length).toBeLessThanOrEqual(300);
    expect(body.end.length).toBe(body.start.length);
    const b = body.series.trainLoss.max.indexOf(9);
    expect(b).toBeGreaterThanOrEqual(0);
    expect([body.start[b]! <= SPIKE_EPOCH, body.end[b]! >= SPIKE_EPOCH]).toEqual([true, true]);
    expect(Math.min(...body.series.trainLoss.min.map(Number))).toBe(1 / EPOCHS);
    expect((await metricsJson('long/metrics.json')).start.length).toBeLessThanOrEqual(1000);
  });

  it('answers a range at full resolution, epoch by epoch', async () => {
    const body = await metricsJson('long/metrics.json?from=1000&to=1999&points=5000');
    expect(body).toMatchObject({ from: 1000, to: 1999, count: 1000, full: true });
    expect(body.start).toEqual(Array.from({ length: 1000 }, (_, i) => 1000 + i));
    expect(body.series.testLoss.max[5]).toBe(2 / 1005);
  });

  it('serves a live session from its in-memory history, matching its CSV', async () => {
    const s = await server.createSession({ preset: 'circle' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    for (let i = 0; i < 3; i++) editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    await editor.next((m) => m.type === 'metrics' && m.columns.epoch.includes(3));
    const body = await metricsJson(`${s.id}/metrics.json?points=10`);
    expect(body).toMatchObject({ count: 3, full: true, start: [1, 2, 3], end: [1, 2, 3], epochs: 3, lastEpoch: 3 });
    const csv = (await (await get(`${s.id}/metrics.csv`)).text()).trim().split('\n').slice(1);
    expect(body.series.trainLoss.min).toEqual(csv.map((line) => Number(line.split(',')[1])));
    editor.close();
  });

  it.each([
    ['points=0', 'points', '1 to 5000'],
    ['points=5001', 'points', '1 to 5000'],
    ['points=ten', 'points', '1 to 5000'],
    ['from=-1', 'from', '0 to'],
    ['to=1.5', 'to', '0 to'],
    ['from=50&to=10', 'to', 'at least "from" (50)'],
  ])('refuses %s with 400 invalid_field naming the parameter and its range', async (query, name, allowed) => {
    const res = await get(`long/metrics.json?${query}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_field');
    expect(body.error.message).toContain(`"${name}"`);
    expect(body.error.message).toContain(allowed);
  });

  it('answers 404 unknown_session for an unknown id', async () => {
    const res = await get('nope/metrics.json');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'unknown_session' } });
  });
});
