import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPreset } from '@liveprop/core';
import { sessionListSchema } from '@liveprop/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../storage/openStore.js';
import type { EpochMetricsRow } from '../storage/types.js';
import { unwrap } from '../testing/storeResults.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

const EPOCHS = 50;
const dataDir = mkdtempSync(join(tmpdir(), 'liveprop-query-'));
let server: TestServer;

beforeAll(async () => {
  const store = unwrap(openStore(dataDir));
  unwrap(await store.createSession({ id: 'run', name: 'run', config: getPreset('xor'), editTokenHash: 'h', createdAt: 1 }));
  const rows: EpochMetricsRow[] = [];
  for (let e = 1; e <= EPOCHS; e++) rows.push({ epoch: e, trainLoss: 1 / e, testLoss: 2 / e, trainAccuracy: 0.5, testAccuracy: null, learningRate: 0.1, epochMs: 0.1 });
  unwrap(await store.appendMetrics('run', rows));
  await store.close();
  server = await startTestServer({ dataDir, maxWorkers: 1 });
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function refusal(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: await res.json() };
}

const invalid = (message: string) => ({ status: 400, body: { error: { code: 'invalid_field', message } } });

describe('[R41] a GET refuses a query parameter it does not read', () => {
  it.each([
    ['/api/sessions?statu=paused', 'unknown query parameter "statu"; /api/sessions reads offset, limit, q, status, related'],
    ['/api/sessions/run/metrics.json?form=10', 'unknown query parameter "form"; metrics.json reads points, from, to'],
    ['/api/sessions/run/metrics.csv?points=5', 'unknown query parameter "points"; metrics.csv reads from, to'],
    ['/api/sessions/run/model.json?format=onnx', 'unknown query parameter "format"; model.json reads no query parameters'],
    ['/healthz?verbose', 'unknown query parameter "verbose"; /healthz reads no query parameters'],
  ])('%s → 400 naming it and what the endpoint reads', async (path, message) => {
    expect(await refusal(path)).toEqual(invalid(message));
  });

  it.each([
    ['/api/sessions?limit=5&q=run&limit=9', 'query parameter "limit" given 2 times; /api/sessions reads offset, limit, q, status, related, each once'],
    ['/api/sessions/run/metrics.json?points=5&points=9&points=1', 'query parameter "points" given 3 times; metrics.json reads points, from, to, each once'],
    ['/api/sessions/run/metrics.csv?from=1&to=4&from=2', 'query parameter "from" given 2 times; metrics.csv reads from, to, each once'],
  ])('%s → 400 naming the repeated parameter', async (path, message) => {
    expect(await refusal(path)).toEqual(invalid(message));
  });

  it('tells an unknown parameter before a bad value or a repeat, and keeps serving', async () => {
    const message = 'unknown query parameter "form"; metrics.json reads points, from, to';
    expect(await refusal('/api/sessions/run/metrics.json?points=0&points=1&form=3')).toEqual(invalid(message));
    expect((await fetch(`${server.url}/api/sessions/run/metrics.json?points=5&from=1&to=9`)).status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('[R38] still reads related together with paging, search and status', async () => {
    const res = await fetch(`${server.url}/api/sessions?related=run&offset=0&limit=5&q=ru&status=paused`);
    expect(res.status).toBe(200);
    expect(sessionListSchema.parse(await res.json()).map((r) => r.id)).toEqual(['run']);
  });
});

describe('[R41] a write reads no query string', () => {
  it.each([
    ['POST', '/api/sessions?preset=xor', '{"preset":"xor"}'],
    ['PATCH', '/api/sessions/run?name=x', '{"name":"x"}'],
    ['DELETE', '/api/sessions/run?force=1', undefined],
    ['POST', '/api/sessions/run/fork?epoch=3', '{}'],
    ['POST', '/api/sessions/run/dataset?header=1', 'x,y\n1,0\n'],
  ])('%s %s → 400 naming the parameter, before anything is done', async (method, path, body) => {
    const res = await fetch(`${server.url}${path}`, { method, body, headers: { 'content-type': path.includes('/dataset') ? 'text/csv' : 'application/json', authorization: 'Bearer nope' } });
    const name = new URL(path, server.url).searchParams.keys().next().value;
    const pathname = new URL(path, server.url).pathname;
    expect({ status: res.status, body: await res.json() }).toEqual(invalid(`unknown query parameter "${name}"; ${method} ${pathname} reads no query parameters`));
  });

  it('leaves the session as it was', async () => {
    const res = await fetch(`${server.url}/api/sessions?related=run`);
    expect(sessionListSchema.parse(await res.json()).map((r) => [r.id, r.name])).toEqual([['run', 'run']]);
  });
});

describe('GET /api/sessions/:id/metrics.csv?from=&to=', () => {
  const csv = async (query: string): Promise<{ header: string; epochs: number[] }> => {
    const res = await fetch(`${server.url}/api/sessions/run/metrics.csv${query}`);
    expect(res.status).toBe(200);
    const [header = '', ...rows] = (await res.text()).trimEnd().split('\n');
    return { header, epochs: rows.map((line) => Number(line.split(',')[0])) };
  };
  const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it('answers exactly the epochs from..to, both inclusive, after the header', async () => {
    const header = 'epoch,trainLoss,testLoss,trainAccuracy,testAccuracy,learningRate,epochMs';
    expect(await csv('?from=10&to=20')).toEqual({ header, epochs: range(10, 20) });
    expect(await csv('?from=45')).toEqual({ header, epochs: range(45, EPOCHS) });
    expect(await csv('?to=3')).toEqual({ header, epochs: range(1, 3) });
    expect(await csv('?from=7&to=7')).toEqual({ header, epochs: [7] });
    expect(await csv('?from=51&to=90')).toEqual({ header, epochs: [] });
    expect(await csv('')).toEqual({ header, epochs: range(1, EPOCHS) });
  });

  it.each([
    ['from=20&to=10', '"to" must be at least "from" (20), got 10'],
    ['from=-1', '"from" must be an integer from 0 to 9007199254740991, got "-1"'],
    ['to=1e3', '"to" must be an integer from 0 to 9007199254740991, got "1e3"'],
    ['from=99999999999999999', '"from" must be an integer from 0 to 9007199254740991, got "99999999999999999"'],
  ])('refuses %s with 400 naming the parameter and its range, as metrics.json does', async (query, message) => {
    expect(await refusal(`/api/sessions/run/metrics.csv?${query}`)).toEqual(invalid(message));
    expect(await refusal(`/api/sessions/run/metrics.json?${query}`)).toEqual(invalid(message));
  });
});
