import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPreset } from '@liveprop/core';
import { forkedSessionSchema, sessionListSchema, type SessionSummary } from '@liveprop/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../storage/openStore.js';
import type { NewSession } from '../storage/types.js';
import { unwrap } from '../testing/storeResults.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

const dataDir = mkdtempSync(join(tmpdir(), 'liveprop-related-'));
let server: TestServer;
/** More than a default lobby page: the parent and its first fork are older than the newest 100. */
const OTHERS = 130;

function row(id: string, createdAt: number, parentId?: string): NewSession {
  return { id, name: id, config: getPreset('xor'), editTokenHash: 'h', createdAt, ...(parentId === undefined ? {} : { parentId, forkEpoch: 7 }) };
}

beforeAll(async () => {
  const store = unwrap(openStore(dataDir));
  unwrap(await store.createSession(row('parent', 1)));
  unwrap(await store.createSession(row('oldFork', 2, 'parent')));
  for (let i = 0; i < OTHERS; i++) unwrap(await store.createSession(row(`other${String(i).padStart(3, '0')}`, 10 + i)));
  unwrap(await store.createSession(row('newFork', 1_000, 'parent')));
  await store.close();
  server = await startTestServer({ dataDir, maxWorkers: 1 });
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function list(url: string, query: string): Promise<{ total: string | null; rows: SessionSummary[] }> {
  const res = await fetch(`${url}/api/sessions${query}`);
  expect(res.status).toBe(200);
  return { total: res.headers.get('x-total-count'), rows: sessionListSchema.parse(await res.json()) };
}

describe('GET /api/sessions?related=<id>', () => {
  it('[R38] answers a session, its parent and its forks though they are older than the newest 100', async () => {
    const newest = await list(server.url, '');
    expect(newest.rows).toHaveLength(100);
    expect(newest.rows.map((r) => r.id)).not.toContain('oldFork');

    const ofFork = await list(server.url, '?related=oldFork');
    expect(ofFork.rows.map((r) => [r.id, r.parentId, r.forkEpoch])).toEqual([['oldFork', 'parent', 7], ['parent', null, null]]);
    const ofParent = await list(server.url, '?related=parent');
    expect([ofParent.total, ofParent.rows.map((r) => r.id)]).toEqual(['3', ['newFork', 'oldFork', 'parent']]);
    expect((await list(server.url, '?related=other007')).rows.map((r) => r.id)).toEqual(['other007']);
    expect(await list(server.url, '?related=nobody')).toEqual({ total: '0', rows: [] });
    expect((await list(server.url, '?related=parent&limit=1&offset=1')).rows.map((r) => r.id)).toEqual(['oldFork']);
  });

  it('[R38] refuses an empty or overlong id with 400 invalid_field naming "related"', async () => {
    for (const bad of ['', 'x'.repeat(65)]) {
      const res = await fetch(`${server.url}/api/sessions?related=${bad}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: 'invalid_field', message: expect.stringMatching(/^"related": must be a session id/) } });
    }
  });

  it('[R38] without a store, answers the family from memory', async () => {
    const memory = await startTestServer();
    try {
      const parent = await memory.createSession({ preset: 'xor', name: 'parent' });
      await memory.createSession({ preset: 'xor', name: 'unrelated' });
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${parent.editToken}` };
      const res = await fetch(`${memory.url}/api/sessions/${parent.id}/fork`, { method: 'POST', headers, body: '{}' });
      const body: unknown = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(201);
      const fork = forkedSessionSchema.parse(body);
      const family = await list(memory.url, `?related=${fork.id}`);
      expect(family.rows.map((r) => [r.id, r.parentId])).toEqual([[fork.id, parent.id], [parent.id, null]]);
      expect((await list(memory.url, `?related=${parent.id}`)).rows.map((r) => r.id)).toEqual([fork.id, parent.id]);
    } finally {
      await memory.close();
    }
  });
});
