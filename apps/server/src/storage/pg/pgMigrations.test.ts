import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../testing/postgres.js';
import { unwrap } from '../../testing/storeResults.js';
import { FOLD_BATCH } from '../sessionQuery.js';
import { openPostgresStore } from './openPostgresStore.js';
import { migratePostgres, PG_MIGRATIONS, PG_SCHEMA_VERSION } from './pgMigrations.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(async () => {
  await server.remove();
}, 60_000);

async function sql(url: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe('PostgreSQL schema migrations', () => {
  it('creates the schema in an empty database and opens it again unchanged', async () => {
    const url = await server.createDatabase();
    const store = unwrap(await openPostgresStore(url));
    unwrap(await store.createSession({ id: 's', name: 's', config: {}, editTokenHash: 'h', createdAt: 1 }));
    await store.close();
    const again = unwrap(await openPostgresStore(url));
    expect(unwrap(await again.getSession('s'))).toMatchObject({ id: 's' });
    await again.close();
    expect(await sql(url, 'SELECT app, version FROM liveprop_schema')).toEqual([{ app: 'liveprop', version: PG_SCHEMA_VERSION }]);
  });

  for (let version = 1; version < PG_SCHEMA_VERSION; version++) {
    it(`upgrades a database of schema version ${version} to ${PG_SCHEMA_VERSION}`, async () => {
      const url = await server.createDatabase();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      unwrap(await migratePostgres(client, url, version));
      await client.end();
      const store = unwrap(await openPostgresStore(url));
      await store.close();
      expect(await sql(url, 'SELECT version FROM liveprop_schema')).toEqual([{ version: PG_SCHEMA_VERSION }]);
    });
  }

  it('makes sessions written before the folded name searchable by any case of their letters, past one fill batch', async () => {
    const url = await server.createDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    unwrap(await migratePostgres(client, url, 2));
    await client.query(
      `INSERT INTO sessions (id, name, config, edit_token_hash, created_at, updated_at)
       SELECT 's' || lpad(i::text, 5, '0'), 'Übung ' || i, '{}', 'h', i, 0 FROM generate_series(0, $1 - 1) AS i`,
      [FOLD_BATCH + 200],
    );
    await client.query(`INSERT INTO sessions (id, name, config, edit_token_hash, created_at, updated_at) VALUES ('zz', 'Ärger im Café', '{}', 'h', -1, 0)`);
    await client.end();
    const store = unwrap(await openPostgresStore(url));
    const found = async (search: string) => unwrap(await store.querySessions({ search, offset: 0, limit: 1 }));
    expect(await found('ärger IM CAFÉ')).toMatchObject({ total: 1, sessions: [{ id: 'zz' }] });
    expect(await found('ÜBUNG 1100')).toMatchObject({ total: 1, sessions: [{ id: 's01100' }] });
    expect((await found('übung')).total).toBe(FOLD_BATCH + 200);
    await store.close();
  });

  it('lets several servers start on one empty database at once: one creates the schema, all open it', async () => {
    const url = await server.createDatabase();
    const opened = await Promise.all([openPostgresStore(url), openPostgresStore(url), openPostgresStore(url)]);
    for (const o of opened) await unwrap(o).close();
    expect(await sql(url, 'SELECT version FROM liveprop_schema')).toEqual([{ version: PG_SCHEMA_VERSION }]);
  });

  it('refuses a database of another application or of a newer schema, and leaves it as it was', async () => {
    const foreign = await server.createDatabase();
    await sql(foreign, 'CREATE TABLE invoices (id int)');
    expect(await openPostgresStore(foreign)).toMatchObject({ ok: false, code: 'foreign_db', message: expect.stringContaining('invoices') });
    expect(await sql(foreign, "SELECT to_regclass('liveprop_schema')::text AS t")).toEqual([{ t: null }]);

    const newer = await server.createDatabase();
    await unwrap(await openPostgresStore(newer)).close();
    await sql(newer, `UPDATE liveprop_schema SET version = ${PG_SCHEMA_VERSION + 1}`);
    expect(await openPostgresStore(newer)).toMatchObject({ ok: false, code: 'newer_schema', message: expect.stringContaining(`version ${PG_SCHEMA_VERSION + 1}`) });
  });

  it('rolls a failed upgrade back whole', async () => {
    const url = await server.createDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const broken = [...PG_MIGRATIONS, { to: PG_SCHEMA_VERSION + 1, why: 'fails half-way', sql: 'CREATE TABLE t (x int); SELECT nope FROM nowhere;' }];
    await expect(migratePostgres(client, url, PG_SCHEMA_VERSION + 1, broken)).rejects.toThrow('relation "nowhere" does not exist');
    await client.end();
    expect(await sql(url, "SELECT to_regclass('liveprop_schema')::text AS s, to_regclass('t')::text AS t")).toEqual([{ s: null, t: null }]);
  });
});
