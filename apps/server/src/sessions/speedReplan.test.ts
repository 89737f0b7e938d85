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

/** At 0.001 epochs/s the next epoch is 1 000 000 ms away; the test's 10 s frame wait is far shorter. */
const CRAWL = 0.001;

describe('speed changes re-plan the next slice', () => {
  it('[R31] trains at once when a crawling speed is lifted while running, not after the crawl\'s wait', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    editor.send({ type: 'speed', epochsPerSecond: CRAWL });
    editor.send({ type: 'control', command: { action: 'play' } });
    await editor.next((m) => m.type === 'status' && m.status === 'running');
    editor.send({ type: 'speed', epochsPerSecond: null });
    await editor.next((m) => m.type === 'status' && m.speed === null);
    const metrics = await editor.next((m) => m.type === 'metrics');
    expect(metrics.type === 'metrics' && metrics.columns.epoch.length).toBeGreaterThan(0);
    editor.close();
  });
});
