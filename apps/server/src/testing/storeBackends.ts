/**
 * The store contract suite's backends: each test file calls `forEachBackend` once and its body runs against SQLite
 * (a temp dir per store) and PostgreSQL (a real server started for the file, a database per store).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { openStore } from '../storage/openStore.js';
import { openPostgresStore } from '../storage/pg/openPostgresStore.js';
import type { Store } from '../storage/types.js';
import { mountTmpfs, type Tmpfs } from './tmpfs.js';
import { startPostgres, type TestPostgres } from './postgres.js';
import { unwrap } from './storeResults.js';

export type BackendKind = 'sqlite' | 'postgres';

export interface StoreOptions {
  compressMetrics?: boolean;
  /** Lets a second store open the same data (SQLite holds an exclusive lock otherwise). */
  shared?: boolean;
}

export interface StoreBackend {
  kind: BackendKind;
  /** An empty store of its own: a fresh data dir, or a fresh database. */
  create(options?: StoreOptions): Promise<Store>;
  /** Another store on the data of the last `create`, as a restarted or second server opens it. */
  reopen(options?: StoreOptions): Promise<Store>;
  /** An empty store on a real file system of about `kib` KiB, so that writes past it fail with `disk_full`. */
  createSmall(kib: number): Promise<Store>;
  /** Rows of a read-only SQL query run straight on the last `create`'s data (close SQLite stores first). */
  rawRows(sql: string): Promise<unknown[]>;
  /** The PostgreSQL server (to stop and start it), or null for SQLite. */
  readonly postgres: TestPostgres | null;
  /** Where the last `create` put its data: a dir, or a database URL. */
  readonly location: string;
}

export const BACKENDS: readonly BackendKind[] = ['sqlite', 'postgres'];

function sqliteBackend(cleanup: (() => void)[]): StoreBackend {
  let dir = '';
  const open = (options: StoreOptions = {}, maxBytes?: number): Store =>
    unwrap(openStore(dir, { exclusive: options.shared !== true, ...(options.compressMetrics === undefined ? {} : { compressMetrics: options.compressMetrics }), ...(maxBytes === undefined ? {} : { maxBytes }) }));
  return {
    kind: 'sqlite',
    postgres: null,
    get location() {
      return dir;
    },
    async create(options) {
      dir = mkdtempSync(join(tmpdir(), 'liveprop-store-'));
      const made = dir;
      cleanup.push(() => rmSync(made, { recursive: true, force: true }));
      return open(options);
    },
    async reopen(options) {
      return open(options);
    },
    async rawRows(sql) {
      const db = new Database(join(dir, 'liveprop.db'), { readonly: true });
      try {
        return db.prepare(sql).all();
      } finally {
        db.close();
      }
    },
    async createSmall(kib) {
      dir = mkdtempSync(join(tmpdir(), 'liveprop-store-'));
      const made = dir;
      cleanup.push(() => rmSync(made, { recursive: true, force: true }));
      return open({}, kib * 1024);
    },
  };
}

function postgresBackend(): StoreBackend {
  let server: TestPostgres | null = null;
  let url = '';
  const disks: Tmpfs[] = [];
  const open = async (options: StoreOptions = {}): Promise<Store> =>
    unwrap(await openPostgresStore(url, options.compressMetrics === undefined ? {} : { compressMetrics: options.compressMetrics }));
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await server?.remove();
    // Only once the server is gone: it keeps files of a tablespace open.
    for (const disk of disks) disk.remove();
  }, 60_000);
  return {
    kind: 'postgres',
    get postgres() {
      return server;
    },
    get location() {
      return url;
    },
    async create(options) {
      url = await server!.createDatabase();
      return open(options);
    },
    reopen: open,
    async rawRows(sql) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    },
    async createSmall(kib) {
      url = await server!.createDatabase();
      const store = await open();
      const disk = mountTmpfs(kib);
      disks.push(disk);
      server!.giveDir(disk.dir);
      // The store's tables move onto the small disk; PostgreSQL's own files (catalog, WAL) stay where there is room.
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const space = `small${disks.length}`;
      try {
        await admin.query(`CREATE TABLESPACE ${space} LOCATION '${disk.dir}'`);
        for (const table of ['sessions', 'events', 'metric_chunks', 'checkpoints', 'snapshots']) await admin.query(`ALTER TABLE ${table} SET TABLESPACE ${space}`);
      } finally {
        await admin.end();
      }
      return store;
    },
  };
}

/** Runs `body` once per backend inside `describe('[kind]')`; stores' data dirs and databases go when the file ends. */
export function forEachBackend(body: (backend: StoreBackend) => void): void {
  for (const kind of BACKENDS) {
    describe(`[${kind}]`, () => {
      const cleanup: (() => void)[] = [];
      const backend = kind === 'sqlite' ? sqliteBackend(cleanup) : postgresBackend();
      afterAll(() => {
        for (const step of cleanup.reverse()) step();
      });
      body(backend);
    });
  }
}

/** Gives each test an empty store of `backend` (handed to `use`, which may fill it, before the test) and closes it after. */
export function freshStoreEachTest(backend: StoreBackend, use: (store: Store) => void | Promise<void>): void {
  let store: Store | null = null;
  beforeEach(async () => {
    store = await backend.create();
    await use(store);
  });
  afterEach(async () => {
    await store?.close();
  });
}
