import { getPreset } from '@liveprop/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../testing/postgres.js';
import { unwrap } from '../../testing/storeResults.js';
import type { Store } from '../types.js';
import { openPostgresStore } from './openPostgresStore.js';
import { CHUNK_PAGE } from './pgMetricCalls.js';

/** A long history: as many chunks as a session training at full speed stores in a few minutes. */
const CHUNKS = 5000;
const EPOCHS_A_CHUNK = 40;

let postgres: TestPostgres;
let store: Store;
let client: pg.Client;

beforeAll(async () => {
  postgres = await startPostgres();
  const url = await postgres.createDatabase();
  store = unwrap(await openPostgresStore(url));
  unwrap(await store.createSession({ id: 'long', name: 'long', config: getPreset('xor'), editTokenHash: 'h', createdAt: 1 }));
  unwrap(await store.appendMetrics('long', [{ epoch: 1, trainLoss: 1, testLoss: 1, trainAccuracy: null, testAccuracy: null, learningRate: 0.1, epochMs: 1 }]));
  client = new pg.Client(url);
  await client.connect();
  // The page query reads spans, not bodies: every further chunk reuses the first one's bytes.
  await client.query(
    `INSERT INTO metric_chunks (session_id, first_epoch, last_epoch, count, data)
     SELECT 'long', 2 + i * $1::bigint, 1 + (i + 1) * $1::bigint, $1, (SELECT data FROM metric_chunks WHERE session_id = 'long' AND first_epoch = 1)
     FROM generate_series(0, $2 - 2) AS i`,
    [EPOCHS_A_CHUNK, CHUNKS],
  );
  await client.query('ANALYZE metric_chunks');
}, 60_000);
afterAll(async () => {
  await client?.end();
  await store?.close();
  await postgres?.remove();
}, 30_000);

interface PlanNode { 'Rows Removed by Filter'?: number; Plans?: PlanNode[] }

function rowsFiltered(node: PlanNode): number {
  return (node['Rows Removed by Filter'] ?? 0) + (node.Plans ?? []).reduce((sum, child) => sum + rowsFiltered(child), 0);
}

describe('PostgreSQL store: reading a long metric history page by page', () => {
  it('finds each page of chunks through the primary key, not by filtering every chunk of the session', async () => {
    const lastEpoch = 1 + (CHUNKS - 1) * EPOCHS_A_CHUNK;
    const nearEnd = lastEpoch - 10 * EPOCHS_A_CHUNK;
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${CHUNK_PAGE}`, ['long', 0, lastEpoch, nearEnd, 4]);
    // A float8 bound compared `first_epoch::float8`, which the index cannot serve: ~4,990 chunks filtered a page.
    expect(rowsFiltered(rows[0]!['QUERY PLAN'][0].Plan)).toBeLessThan(50);
  });

  it('pages through every chunk in order, open range included', async () => {
    const firsts: number[] = [];
    for (let after = -1; ; ) {
      const page = await client.query<{ first_epoch: string }>(CHUNK_PAGE, ['long', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, after, 1000]);
      if (page.rows.length === 0) break;
      for (const row of page.rows) firsts.push(Number(row.first_epoch));
      after = firsts.at(-1)!;
    }
    expect(firsts).toHaveLength(CHUNKS);
    expect(firsts.every((f, i) => i === 0 || f > firsts[i - 1]!)).toBe(true);
    const count = unwrap(await store.countMetricsInRange('long', 0, Infinity));
    expect(count).toBe(CHUNKS * EPOCHS_A_CHUNK - EPOCHS_A_CHUNK + 1);
  });
});
