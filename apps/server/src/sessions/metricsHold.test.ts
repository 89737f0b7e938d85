import { fromMetricColumns } from '@liveprop/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('batched metrics broadcast', () => {
  it('[R12] gives viewers who join mid-run every epoch exactly once across history and live metrics', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    editor.send({ type: 'speed', epochsPerSecond: 400 });
    editor.send({ type: 'control', command: { action: 'play' } });
    const joiners: TestClient[] = [];
    for (let i = 1; i <= 4; i++) {
      await editor.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e >= 40 * i));
      joiners.push(await TestClient.joined(server.url, s.id));
    }
    const last = await editor.next((m) => m.type === 'metrics' && m.columns.epoch.some((e) => e >= 400), 20_000);
    const target = last.type === 'metrics' ? Math.max(...last.columns.epoch) : NaN;
    for (const c of joiners) {
      await c.next((m) => m.type === 'metrics' && m.columns.epoch.includes(target), 20_000);
      const history = c.received.find((m) => m.type === 'history');
      if (history?.type !== 'history') throw new Error('joiner got no history');
      expect(history.full).toBe(true);
      const live = c.received.flatMap((m) => (m.type === 'metrics' ? fromMetricColumns(m.columns).map((e) => e.epoch) : []));
      const seen = [...history.start, ...live].filter((e) => e <= target);
      expect(seen).toEqual(Array.from({ length: target }, (_, i) => i + 1));
      c.close();
    }
    editor.send({ type: 'control', command: { action: 'pause' } });
    editor.close();
  });
});
