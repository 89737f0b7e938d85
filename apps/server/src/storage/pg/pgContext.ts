/**
 * What every PostgreSQL store call shares: the pool, the options, the fencing tokens this store holds, and `guard`,
 * which turns driver failures into results and flags the session a failed write belonged to.
 */
import type pg from 'pg';
import { fenceProblem } from '../fencing.js';
import { sessionOfRow } from '../sessionRows.js';
import type { SessionRow } from '../statements.js';
import { failure, success } from '../storeErrors.js';
import type { StoredSession, StoreErrorCode, StoreResult } from '../types.js';
import { pgFailureOf } from './pgErrors.js';

const FLAGGING_CODES: ReadonlySet<StoreErrorCode> = new Set(['disk_full', 'io_error', 'read_only', 'corrupt', 'unavailable']);

/** Runs queries on one connection: the pool itself, or a client inside a transaction. */
export type Queryable = Pick<pg.ClientBase, 'query'>;

/** Connection errors surface on the query that meets them; the event itself needs no handling. */
export function ignore(): void {}

export class PgContext {
  /** Flags that could not be written (the server was gone); they win over the stored column until cleared. */
  readonly pendingFlags = new Map<string, string>();
  /** Fencing token this store claimed each session with; its writes to the session carry it. */
  readonly claims = new Map<string, number>();
  closed = false;

  constructor(
    readonly pool: pg.Pool,
    readonly location: string,
    readonly keepCheckpoints: number,
    readonly compress: boolean,
  ) {}

  /** Runs `body`; driver failures become results, and flag `sessionId` when they hit its data. */
  async guard<T>(what: string, sessionId: string | null, body: () => Promise<StoreResult<T>>): Promise<StoreResult<T>> {
    if (this.closed) return failure('closed', `${what}: the store is closed`);
    try {
      return await body();
    } catch (err) {
      const result = pgFailureOf(err, what);
      if (result === null) throw err;
      if (sessionId !== null && FLAGGING_CODES.has(result.code)) await this.flag(sessionId, result.message);
      return result;
    }
  }

  /** Runs `body` in a transaction, committed only when it answers ok. */
  async transaction<T>(body: (client: pg.PoolClient) => Promise<StoreResult<T>>): Promise<StoreResult<T>> {
    const client = await this.pool.connect();
    // A connection that dies between two queries emits `error`; unheard, Node would end the process for it.
    client.on('error', ignore);
    let broken: unknown = undefined;
    try {
      await client.query('BEGIN');
      const result = await body(client);
      await client.query(result.ok ? 'COMMIT' : 'ROLLBACK');
      return result;
    } catch (err) {
      broken = err;
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.off('error', ignore);
      // A client whose connection failed is dropped from the pool rather than handed out again.
      client.release(broken instanceof Error && pgFailureOf(broken, '')?.code === 'unavailable' ? broken : undefined);
    }
  }

  /**
   * Answers `not_found` when session `id` is missing and `fenced` when this store does not hold its newest claim.
   * Inside a transaction the row stays locked: a newer claim, or another write to the session, waits for this one to commit.
   */
  async ownership(q: Queryable, id: string): Promise<StoreResult<void>> {
    const row = (await q.query<{ fence: number }>('SELECT fence FROM sessions WHERE id = $1 FOR NO KEY UPDATE', [id])).rows[0];
    if (row === undefined) return this.notFound(id);
    return fenceProblem(id, this.claims.get(id), row.fence) ?? success(undefined);
  }

  notFound(id: string): { ok: false; code: 'not_found'; message: string } {
    return failure('not_found', `no session ${JSON.stringify(id)} in ${this.location}`) as { ok: false; code: 'not_found'; message: string };
  }

  async readSession(q: Queryable, id: string): Promise<StoreResult<StoredSession>> {
    const row = (await q.query<SessionRow>('SELECT * FROM sessions WHERE id = $1', [id])).rows[0];
    if (row === undefined) return this.notFound(id);
    return success(sessionOfRow(row, this.pendingFlags.get(id)));
  }

  private async flag(id: string, message: string): Promise<void> {
    this.pendingFlags.set(id, message);
    try {
      await this.pool.query('UPDATE sessions SET storage_error = $1 WHERE id = $2', [message, id]);
    } catch {
      // The server may be gone; the in-memory flag above still reports the problem.
    }
  }
}
