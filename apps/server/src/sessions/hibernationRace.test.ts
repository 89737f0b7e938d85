import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromMetricColumns } from '@liveprop/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer } from '../testing/testServer.js';

const dataDir = mkdtempSync(join(tmpdir(), 'liveprop-hibernate-race-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('hibernation racing a play', () => {
  it('[R39] a play and the idle timer firing together: the session trains on with a worker, nobody sees an error', async () => {
    const server = await startTestServer({ dataDir, hibernateAfterMs: 600_000 });
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    const session = server.registry.get(s.id)!;
    editor.send({ type: 'speed', epochsPerSecond: 500 });
    await editor.next((m) => m.type === 'status' && m.speed === 500);
    const hibernated: boolean[] = [];
    for (let round = 0; round < 18; round++) {
      // What the idle sweep does when its timer fires, with the play just before it, just after it, or a little later.
      const order = round % 3;
      if (order === 0) editor.send({ type: 'control', command: { action: 'play' } });
      const sleeping = server.registry.hibernation.hibernate(session);
      if (order === 2) await pause(5 + (round % 4) * 5);
      if (order !== 0) editor.send({ type: 'control', command: { action: 'play' } });
      await editor.next((m) => (m.type === 'status' && m.status === 'running') || m.type === 'error', 10_000);
      hibernated.push(await sleeping);
      expect([round, session.status, session.awake]).toEqual([round, 'running', true]);
      // Training goes on: epochs past the current one arrive.
      const from = session.epoch;
      await editor.next((m) => m.type === 'metrics' && fromMetricColumns(m.columns).some((e) => e.epoch > from + 5), 10_000);
      editor.send({ type: 'control', command: { action: 'pause' } });
      await editor.next((m) => m.type === 'status' && m.status === 'paused', 10_000);
      // The pause saves a checkpoint after its status went out; a session busy with a command does not hibernate.
      await pause(100);
    }
    expect(editor.received.filter((m) => m.type === 'error' || m.type === 'resync')).toEqual([]);
    // Both orders happened: some hibernations gave way to the play, some finished and the play woke the session.
    expect(hibernated).toContain(true);
    expect(hibernated).toContain(false);
    editor.close();
    await server.close();
  }, 120_000);
});
