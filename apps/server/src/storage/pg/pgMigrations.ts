/**
 * The PostgreSQL schema as its migrations, and the runner. Several servers may start at once against one database,
 * so the runner holds an advisory lock while it checks and upgrades; all pending steps run in one transaction
 * (PostgreSQL DDL is transactional), so a failed upgrade leaves the previous version whole.
 */
import type pg from 'pg';
import { latestVersion, pendingMigrations, type Migration } from '../migrations.js';
import { FOLD_BATCH, foldName } from '../sessionQuery.js';
import { failure, success } from '../storeErrors.js';
import type { StoreResult } from '../types.js';

export const PG_MIGRATIONS: readonly Migration[] = [
  {
    to: 1,
    why: 'sessions (with fencing token), their event log, metric chunks and checkpoints',
    sql: `
CREATE TABLE sessions (
  id              text PRIMARY KEY,
  name            text NOT NULL,
  config          text NOT NULL,
  edit_token_hash text NOT NULL,
  created_at      bigint NOT NULL,
  updated_at      bigint NOT NULL,
  parent_id       text REFERENCES sessions(id) ON DELETE SET NULL,
  fork_epoch      bigint,
  status          text NOT NULL DEFAULT 'paused',
  epoch           bigint NOT NULL DEFAULT 0,
  seq             bigint NOT NULL DEFAULT 0,
  storage_error   text,
  fence           bigint NOT NULL DEFAULT 0
);
CREATE INDEX sessions_by_created ON sessions (created_at DESC, id);
CREATE INDEX sessions_by_parent ON sessions (parent_id);
CREATE TABLE events (
  session_id text NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  idx        integer NOT NULL,
  epoch      double precision NOT NULL,
  body       text NOT NULL,
  PRIMARY KEY (session_id, idx)
);
CREATE TABLE metric_chunks (
  session_id  text NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  first_epoch bigint NOT NULL,
  last_epoch  bigint NOT NULL,
  count       integer NOT NULL,
  data        bytea NOT NULL,
  PRIMARY KEY (session_id, first_epoch)
);
-- Chunks are deflated already: TOAST compression would only spend CPU.
ALTER TABLE metric_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
CREATE TABLE checkpoints (
  id         bigserial PRIMARY KEY,
  session_id text NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  epoch      bigint NOT NULL,
  seq        bigint NOT NULL,
  is_binary  boolean NOT NULL,
  data       bytea NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX checkpoints_by_session ON checkpoints (session_id, id);
`,
  },
  {
    to: 2,
    why: "a session's last encoded snapshot: a join of a hibernated session shows it at once",
    sql: `
CREATE TABLE snapshots (
  session_id text PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  epoch      bigint NOT NULL,
  data       bytea NOT NULL
);
`,
  },
  {
    to: 3,
    why: "the name as the lobby search compares it, folded in JavaScript (lower() follows the database's locale, often C: ASCII only); no index: a substring search scans",
    sql: 'ALTER TABLE sessions ADD COLUMN name_folded text;',
    foldsNames: true,
  },
];

export const PG_SCHEMA_VERSION = latestVersion(PG_MIGRATIONS);

/** "LPRP": the advisory lock key every liveprop server takes while it checks the schema. */
const MIGRATION_LOCK = 0x4c505250;
const APP = 'liveprop';

/**
 * Brings the database at `client` to `to` (default: the latest): creates the schema in an empty database, upgrades
 * an older one, refuses a database of another application or a newer schema without touching it.
 */
export async function migratePostgres(client: pg.ClientBase, location: string, to = PG_SCHEMA_VERSION, migrations = PG_MIGRATIONS): Promise<StoreResult<number>> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const marker = await client.query<{ found: string | null }>("SELECT to_regclass('liveprop_schema')::text AS found");
    let version = 0;
    if (marker.rows[0]!.found === null) {
      const tables = await client.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename LIMIT 5');
      if (tables.rows.length > 0) {
        await client.query('ROLLBACK');
        const names = tables.rows.map((r) => r.tablename).join(', ');
        return failure('foreign_db', `${location} holds tables of another application (${names}) and no liveprop schema; it was not modified. Point LIVEPROP_DATABASE_URL at an empty database.`);
      }
      await client.query('CREATE TABLE liveprop_schema (app text NOT NULL, version integer NOT NULL)');
      await client.query('INSERT INTO liveprop_schema VALUES ($1, 0)', [APP]);
    } else {
      const row = (await client.query<{ app: string; version: number }>('SELECT app, version FROM liveprop_schema')).rows[0];
      if (row === undefined || row.app !== APP) {
        await client.query('ROLLBACK');
        return failure('foreign_db', `${location} has a liveprop_schema table not written by liveprop; it was not modified.`);
      }
      version = row.version;
    }
    if (version > to) {
      await client.query('ROLLBACK');
      return failure('newer_schema', `${location} uses store schema version ${version}, this server understands up to ${to}; upgrade liveprop to open it.`);
    }
    for (const step of pendingMigrations(migrations, version, to)) {
      await client.query(step.sql);
      if (step.foldsNames) await foldStoredNames(client);
      await client.query('UPDATE liveprop_schema SET version = $1', [step.to]);
    }
    await client.query('COMMIT');
    return success(to);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** Fills `name_folded` of every session, `FOLD_BATCH` rows at a time in id order, one UPDATE per batch. */
async function foldStoredNames(client: pg.ClientBase): Promise<void> {
  for (let after = ''; ; ) {
    const rows = (await client.query<{ id: string; name: string }>('SELECT id, name FROM sessions WHERE id > $1 ORDER BY id LIMIT $2', [after, FOLD_BATCH])).rows;
    if (rows.length === 0) return;
    await client.query('UPDATE sessions s SET name_folded = f.folded FROM unnest($1::text[], $2::text[]) AS f(id, folded) WHERE s.id = f.id', [
      rows.map((r) => r.id),
      rows.map((r) => foldName(r.name)),
    ]);
    after = rows.at(-1)!.id;
  }
}
