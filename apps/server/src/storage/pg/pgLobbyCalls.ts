/**
 * The lobby's `Store` calls over PostgreSQL: one page of sessions at a time, and each session's last encoded
 * snapshot, which a join of a hibernated session shows without waking it.
 */
import { checkSessionQuery, totalFromPage } from '../sessionQuery.js';
import { snapshotProblem, summaryOfRow } from '../sessionRows.js';
import type { SummaryRow } from '../statements.js';
import { failure, success } from '../storeErrors.js';
import type { Store } from '../types.js';
import type { PgContext } from './pgContext.js';

export type PgLobbyCalls = Pick<Store, 'querySessions' | 'saveSnapshot' | 'loadSnapshot'>;

/** `strpos` rather than LIKE: no wildcards to escape. `$3`, related: the session, its forks and its parent; `$4` the search as given, for ids. */
const MATCHES =
  '($1::text IS NULL OR strpos(name_folded, $1) > 0 OR strpos(id, $4) > 0) AND ($2::text IS NULL OR status = $2) AND ' +
  '($3::text IS NULL OR id = $3 OR parent_id = $3 OR id = (SELECT parent_id FROM sessions WHERE id = $3))';

export function pgLobbyCalls(ctx: PgContext): PgLobbyCalls {
  const { pool } = ctx;
  return {
    querySessions(query) {
      return ctx.guard('query sessions', null, async () => {
        const match = checkSessionQuery(query);
        if (!match.ok) return match;
        const { search, status, related, idSearch } = match.value;
        const rows = await pool.query<SummaryRow>(
          `SELECT id, name, edit_token_hash, created_at, updated_at, parent_id, fork_epoch, status, epoch, seq, storage_error
           FROM sessions WHERE ${MATCHES} ORDER BY created_at DESC, id LIMIT $5 OFFSET $6`,
          [search, status, related, idSearch, query.limit, query.offset],
        );
        const total =
          totalFromPage(query, rows.rows.length) ?? (await pool.query<{ n: number }>(`SELECT count(*) AS n FROM sessions WHERE ${MATCHES}`, [search, status, related, idSearch])).rows[0]!.n;
        return success({ total, sessions: rows.rows.map((row) => summaryOfRow(row, ctx.pendingFlags.get(row.id))) });
      });
    },

    saveSnapshot(id, snapshot) {
      return ctx.guard(`save snapshot of session ${id}`, id, async () => {
        const problem = snapshotProblem(snapshot);
        if (problem !== null) return failure('invalid', problem);
        return ctx.transaction(async (client) => {
          const owned = await ctx.ownership(client, id);
          if (!owned.ok) return owned;
          await client.query(
            'INSERT INTO snapshots (session_id, epoch, data) VALUES ($1, $2, $3) ON CONFLICT (session_id) DO UPDATE SET epoch = excluded.epoch, data = excluded.data',
            [id, snapshot.epoch, Buffer.from(snapshot.data.buffer, snapshot.data.byteOffset, snapshot.data.byteLength)],
          );
          return success(undefined);
        });
      });
    },

    loadSnapshot(id) {
      return ctx.guard(`load snapshot of session ${id}`, id, async () => {
        const row = (
          await pool.query<{ found: number; epoch: number | null; data: Buffer | null }>(
            'SELECT 1 AS found, n.epoch, n.data FROM sessions s LEFT JOIN snapshots n ON n.session_id = s.id WHERE s.id = $1',
            [id],
          )
        ).rows[0];
        if (row === undefined) return ctx.notFound(id);
        if (row.data === null) return success(null);
        return success({ epoch: row.epoch!, data: new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength) });
      });
    },
  };
}
