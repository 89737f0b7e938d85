import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPreset } from '@liveprop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../storage/openStore.js';
import { unwrap } from '../testing/storeResults.js';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

const dataDir = mkdtempSync(join(tmpdir(), 'liveprop-list-'));
let server: TestServer;
const names = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? `Spiral run ${i}` : i === 1 ? 'Ärger im Café' : `xor run ${i}`));

beforeAll(async () => {
  const store = unwrap(openStore(dataDir));
  for (const [i, name] of names.entries()) {
    unwrap(await store.createSession({ id: `id${String(i).padStart(3, '0')}`, name, config: getPreset('xor'), editTokenHash: 'h', createdAt: 1_000 + i }));
  }
  await store.close();
  // Start-up brings back none of them: paused, they stay in the store until asked for.
  server = await startTestServer({ dataDir });
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function page(query: string): Promise<{ status: number; total: string | null; body: unknown }> {
  const res = await fetch(`${server.url}/api/sessions${query}`);
  return { status: res.status, total: res.headers.get('x-total-count'), body: await res.json() };
}

describe('GET /api/sessions over stored sessions', () => {
  it('[R39] pages newest first with the count of all in x-total-count, without loading the sessions it lists', async () => {
    const first = await page('?limit=10');
    expect([first.status, first.total]).toEqual([200, '30']);
    expect((first.body as { id: string }[]).map((s) => s.id)).toEqual(Array.from({ length: 10 }, (_, i) => `id${String(29 - i).padStart(3, '0')}`));
    expect((first.body as unknown[])[0]).toMatchObject({ name: 'xor run 29', status: 'paused', epoch: 0, viewers: 0, hibernated: true });
    const last = await page('?limit=10&offset=25');
    expect((last.body as { id: string }[]).map((s) => s.id)).toEqual(['id004', 'id003', 'id002', 'id001', 'id000']);
    expect((await page('')).body).toHaveLength(30);
    expect(server.registry.stats()).toMatchObject({ sessions: 0, workers: 0 });
  });

  it('[R39] searches names in any case, with the count of matches', async () => {
    const found = await page('?q=SPIRAL&limit=3');
    expect(found.total).toBe('10');
    expect((found.body as { name: string }[]).map((s) => s.name)).toEqual(['Spiral run 27', 'Spiral run 24', 'Spiral run 21']);
    expect((await page('?q=nothing-like-it')).body).toEqual([]);
  });

  it('[R39] finds a name by another case of its non-ASCII letters, composed or decomposed', async () => {
    for (const q of ['ÄRGER', 'café', 'CAFE\u0301']) {
      const found = await page(`?q=${encodeURIComponent(q)}`);
      expect([q, found.total, (found.body as { id: string }[]).map((s) => s.id)]).toEqual([q, '1', ['id001']]);
    }
  });

  it('[R39] shows the live state of a session in memory: viewers, and not hibernated once woken', async () => {
    const viewer = await TestClient.joined(server.url, 'id007');
    // Stored without a snapshot, it is woken by the join to render one.
    await viewer.seen((m) => m.type === 'snapshot');
    const row = async (): Promise<unknown> => ((await page('?q=run 7')).body as unknown[])[0];
    expect(await row()).toMatchObject({ id: 'id007', viewers: 1, hibernated: false });
    viewer.close();
  });

  it('[R39] answers 400 naming a bad offset, limit, search or status', async () => {
    for (const [query, field] of [['?offset=-1', 'offset'], ['?limit=0', 'limit'], ['?limit=5000', 'limit'], ['?limit=abc', 'limit'], [`?q=${'x'.repeat(201)}`, 'q'], ['?status=asleep', 'status']] as const) {
      const bad = await page(query);
      expect(bad.status).toBe(400);
      expect((bad.body as { error: { code: string; message: string } }).error).toMatchObject({ code: 'invalid_field', message: expect.stringContaining(`"${field}"`) });
    }
  });
});
