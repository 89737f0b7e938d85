import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EpochMetrics } from '@liveprop/core';
import { fromMetricColumns } from '@liveprop/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../storage/openStore.js';
import { TestClient } from '../testing/testClient.js';
import { startTestServer } from '../testing/testServer.js';

const dataDir = mkdtempSync(join(tmpdir(), 'liveprop-packed-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** A `metrics.csv` line as a record: an empty cell is a null accuracy. */
function csvRecord(line: string): EpochMetrics {
  const [epoch, trainLoss, testLoss, trainAccuracy, testAccuracy, learningRate, epochMs] = line.split(',').map((cell) => (cell === '' ? null : Number(cell)));
  return { epoch: epoch!, trainLoss: trainLoss!, testLoss: testLoss!, trainAccuracy: trainAccuracy!, testAccuracy: testAccuracy!, learningRate: learningRate!, epochMs: epochMs! };
}

describe("a tick's packed epochs", () => {
  it('reach viewers, the history and the SQLite store as the same numbers, with and without null accuracies', async () => {
    const server = await startTestServer({ dataDir });
    const watched: Array<{ id: string; viewer: TestClient; csv: string[] }> = [];
    for (const preset of ['xor', 'plane']) {
      const s = await server.createSession({ preset });
      const viewer = await TestClient.joined(server.url, s.id, s.editToken);
      viewer.send({ type: 'control', command: { action: 'play' } });
      // Past 2048 epochs: several ticks, each many epochs packed by the worker.
      await viewer.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e >= 3000), 60_000);
      viewer.send({ type: 'control', command: { action: 'pause' } });
      await viewer.next((m) => m.type === 'status' && m.status === 'paused');
      const csv = (await (await fetch(`${server.url}/api/sessions/${s.id}/metrics.csv`)).text()).trimEnd().split('\n').slice(1);
      watched.push({ id: s.id, viewer, csv });
    }
    for (const { viewer } of watched) viewer.close();
    await server.close();

    const store = openStore(dataDir);
    if (!store.ok) throw new Error(store.message);
    try {
      for (const { id, viewer, csv } of watched) {
        const live = viewer.received.flatMap((m) => (m.type === 'metrics' ? fromMetricColumns(m.columns) : []));
        const stored = await store.value.readMetrics(id, 0, Number.MAX_SAFE_INTEGER);
        if (!stored.ok) throw new Error(stored.message);
        expect(live.length).toBeGreaterThan(3000);
        expect(live.map((m) => m.epoch)).toEqual(Array.from({ length: live.length }, (_, i) => i + 1));
        expect(stored.value).toEqual(live);
        expect(csv.map(csvRecord)).toEqual(live);
      }
      const accuracies = (k: number) => watched[k]!.csv.map(csvRecord).map((m) => [m.trainAccuracy, m.testAccuracy]);
      expect(accuracies(0).flat().every((a) => typeof a === 'number')).toBe(true);
      expect(accuracies(1).flat().every((a) => a === null)).toBe(true);
    } finally {
      await store.value.close();
    }
  });
});
