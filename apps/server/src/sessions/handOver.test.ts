import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer } from '../testing/testServer.js';

const dataDir = mkdtempSync(join(tmpdir(), 'liveprop-hand-over-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// What cluster mode does to move a hibernated session to another node, raced here on one node against a wake.
describe('handing a hibernated session over', () => {
  it('[R39] a hand-over and a wake racing: either the wake wins and the session stays, or it leaves and never wakes here', async () => {
    const server = await startTestServer({ dataDir, hibernateAfterMs: 600_000 });
    const s = await server.createSession({ preset: 'xor' });
    const outcomes: string[] = [];
    for (let round = 0; round < 18; round++) {
      // A session that left is loaded again from the store, as the next round's.
      const viewer = await TestClient.joined(server.url, s.id);
      const session = server.registry.get(s.id)!;
      if (session.awake) expect(await server.registry.hibernation.hibernate(session)).toBe(true);
      const order = round % 3;
      let woke: Promise<{ ok: boolean; code?: string }> | null = null;
      const wake = (): void => void (woke = server.registry.withWorker(session, async () => session.awake));
      if (order === 0) wake();
      const handing = server.registry.handOver(session);
      if (order === 2) await pause(round % 4);
      if (order !== 0) wake();
      const [handed, ran] = await Promise.all([handing, woke!]);
      if (handed === null) {
        expect([round, ran]).toEqual([round, { ok: true, value: true }]);
        expect(server.registry.get(s.id)).toBe(session);
        outcomes.push('stayed');
      } else {
        // It left with its participant, to follow it elsewhere; the wake that waited for the hand-over is refused.
        expect([round, handed.length, ran]).toMatchObject([round, 1, { ok: false, code: 'busy' }]);
        expect([session.awake, session.isClosed, server.registry.get(s.id)]).toEqual([false, true, undefined]);
        outcomes.push('left');
      }
      viewer.close();
    }
    expect(outcomes).toContain('stayed');
    expect(outcomes).toContain('left');
    await server.close();
  }, 60_000);
});
