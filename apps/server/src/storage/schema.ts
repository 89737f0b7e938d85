/**
 * The database schema and the checks that tell our file from someone else's.
 *
 * Ownership is marked twice: `PRAGMA application_id` (in the file header, readable without touching any table) and
 * `PRAGMA user_version` for the schema version. A file with another application id, or with tables but no id, is
 * foreign and is never modified.
 */
import type Database from 'better-sqlite3';
import { migrateSqlite, SQLITE_SCHEMA_VERSION } from './sqliteMigrations.js';
import type { StoreResult } from './types.js';

/** "LPRP" in ASCII. */
export const APPLICATION_ID = 0x4c505250;
export const SCHEMA_VERSION = SQLITE_SCHEMA_VERSION;
export const PAGE_SIZE = 16_384;

/**
 * Makes sure `db` holds our schema at `SCHEMA_VERSION`: creates it in an empty file, migrates an older one.
 * Must run before anything writes to the file, so that a foreign file is left untouched.
 */
export function ensureSchema(db: Database.Database, path: string): StoreResult<void> {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  if (appId === 0) {
    const tables = db.prepare('SELECT name FROM sqlite_schema ORDER BY name').pluck().all() as string[];
    if (tables.length > 0) {
      return {
        ok: false,
        code: 'foreign_db',
        message: `${path} is a SQLite database of another application (tables: ${tables.slice(0, 5).join(', ')}); expected a liveprop store. Move it away or set LIVEPROP_DATA to another directory.`,
      };
    }
    // Deflated 100-epoch chunks are 2-3 KB: at the default 4 KB page only one fits per page, half of it wasted.
    db.pragma(`page_size = ${PAGE_SIZE}`);
    // The id goes in with the first version, so a crash here leaves either an empty file or a version-1 store.
    db.transaction(() => {
      db.pragma(`application_id = ${APPLICATION_ID}`);
      migrateSqlite(db, 0, 1);
    })();
    migrateSqlite(db, 1);
    return { ok: true, value: undefined };
  }
  if (appId !== APPLICATION_ID) {
    return {
      ok: false,
      code: 'foreign_db',
      message: `${path} has SQLite application_id ${appId}, expected ${APPLICATION_ID} (liveprop); it belongs to another program and was not modified.`,
    };
  }
  if (version > SCHEMA_VERSION) {
    return {
      ok: false,
      code: 'newer_schema',
      message: `${path} uses store schema version ${version}, this server understands up to ${SCHEMA_VERSION}; upgrade liveprop to open it.`,
    };
  }
  if (version < 1) {
    return {
      ok: false,
      code: 'corrupt',
      message: `${path} is marked as a liveprop store but has schema version ${version}, expected 1..${SCHEMA_VERSION}.`,
    };
  }
  migrateSqlite(db, version);
  return { ok: true, value: undefined };
}
