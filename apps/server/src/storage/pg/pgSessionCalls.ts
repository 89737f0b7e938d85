/**
 * The `Store` calls on session rows over PostgreSQL: create, list, read, claim, rename, delete, save state, clear
 * the storage flag.
 */
import { claimTokenProblem, staleClaim } from '../fencing.js';
import { foldName } from '../sessionQuery.js';
import { nameProblem, newSessionProblem, statePatchProblem, summaryOfRow, toJsonText } from '../sessionRows.js';
import type { SessionRow, SummaryRow } from '../statements.js';
import { failure, success } from '../storeErrors.js';
import type { Store } from '../types.js';
import type { PgContext } from './pgContext.js';

export type PgSessionCalls = Pick<
  Store,
  'createSession' | 'listSessions' | 'getSession' | 'claimSession' | 'renameSession' | 'deleteSession' | 'updateSessionState' | 'clearStorageError'
>;

/** `$9`: the name folded (`foldName`), what the lobby search compares. */
export const INSERT_SESSION = `INSERT INTO sessions (id, name, config, edit_token_hash, created_at, updated_at, parent_id, fork_epoch, status, epoch, fence, name_folded)
  VALUES ($1, $2, $3, $4, $5, $5, $6, $7, 'paused', $8, 1, $9)`;

export function pgSessionCalls(ctx: PgContext): PgSessionCalls {
  const { pool } = ctx;
  return {
    createSession(session) {
      return ctx.guard(`create session ${session.id}`, null, async () => {
        const problem = newSessionProblem(session);
        if (problem !== null) return failure('invalid', problem);
        const config = toJsonText(session.config, 'config');
        if (!config.ok) return failure('invalid', config.message);
        const created = await ctx.transaction(async (client) => {
          if ((await client.query('SELECT 1 FROM sessions WHERE id = $1', [session.id])).rows.length > 0) {
            return failure('exists', `session ${JSON.stringify(session.id)} already exists`);
          }
          if (session.parentId !== undefined && (await client.query('SELECT 1 FROM sessions WHERE id = $1', [session.parentId])).rows.length === 0) {
            return failure('not_found', `no parent session ${JSON.stringify(session.parentId)} for ${JSON.stringify(session.id)}`);
          }
          const { id, name, editTokenHash, createdAt } = session;
          await client.query(INSERT_SESSION, [id, name, config.text, editTokenHash, createdAt, session.parentId ?? null, session.forkEpoch ?? null, 0, foldName(name)]);
          return ctx.readSession(client, id);
        });
        if (created.ok) ctx.claims.set(session.id, 1);
        return created;
      });
    },

    listSessions() {
      return ctx.guard('list sessions', null, async () => {
        const rows = await pool.query<SummaryRow>(
          `SELECT id, name, edit_token_hash, created_at, updated_at, parent_id, fork_epoch, status, epoch, seq, storage_error
           FROM sessions ORDER BY created_at DESC, id`,
        );
        return success(rows.rows.map((row) => summaryOfRow(row, ctx.pendingFlags.get(row.id))));
      });
    },

    getSession(id) {
      return ctx.guard(`read session ${id}`, id, () => ctx.readSession(pool, id));
    },

    claimSession(id, token) {
      return ctx.guard(`claim session ${id}`, null, async () => {
        const bad = claimTokenProblem(token);
        if (bad !== null) return bad;
        const claimed = await pool.query<{ fence: number }>(
          `UPDATE sessions SET fence = coalesce($2::bigint, fence + 1) WHERE id = $1 AND ($2::bigint IS NULL OR fence <= $2::bigint) RETURNING fence`,
          [id, token ?? null],
        );
        const row = claimed.rows[0];
        if (row === undefined) {
          const stored = (await pool.query<{ fence: number }>('SELECT fence FROM sessions WHERE id = $1', [id])).rows[0];
          return stored === undefined ? ctx.notFound(id) : staleClaim(id, token ?? 0, stored.fence);
        }
        ctx.claims.set(id, row.fence);
        return success(row.fence);
      });
    },

    renameSession(id, name) {
      return ctx.guard(`rename session ${id}`, id, async () => {
        const problem = nameProblem(name);
        if (problem !== null) return failure('invalid', problem);
        return ctx.transaction(async (client) => {
          const owned = await ctx.ownership(client, id);
          if (!owned.ok) return owned;
          await client.query('UPDATE sessions SET name = $1, updated_at = $2, name_folded = $4 WHERE id = $3', [name, Date.now(), id, foldName(name)]);
          return ctx.readSession(client, id);
        });
      });
    },

    deleteSession(id) {
      return ctx.guard(`delete session ${id}`, id, async () => {
        const deleted = await pool.query('DELETE FROM sessions WHERE id = $1', [id]);
        if (deleted.rowCount === 0) return ctx.notFound(id);
        ctx.pendingFlags.delete(id);
        ctx.claims.delete(id);
        return success(undefined);
      });
    },

    updateSessionState(id, patch) {
      return ctx.guard(`update session ${id}`, id, async () => {
        const problem = statePatchProblem(patch);
        if (problem !== null) return failure('invalid', problem);
        const config = patch.config === undefined ? null : toJsonText(patch.config, 'config');
        if (config !== null && !config.ok) return failure('invalid', config.message);
        return ctx.transaction(async (client) => {
          const owned = await ctx.ownership(client, id);
          if (!owned.ok) return owned;
          await client.query<SessionRow>(
            `UPDATE sessions SET status = coalesce($1, status), epoch = coalesce($2, epoch), seq = coalesce($3, seq),
               config = coalesce($4, config), updated_at = $5 WHERE id = $6`,
            [patch.status ?? null, patch.epoch ?? null, patch.seq ?? null, config?.text ?? null, Date.now(), id],
          );
          return ctx.readSession(client, id);
        });
      });
    },

    clearStorageError(id) {
      return ctx.guard(`clear storage error of session ${id}`, null, async () =>
        ctx.transaction(async (client) => {
          const owned = await ctx.ownership(client, id);
          if (!owned.ok) return owned;
          await client.query('UPDATE sessions SET storage_error = NULL WHERE id = $1', [id]);
          ctx.pendingFlags.delete(id);
          return success(undefined);
        }),
      );
    },
  };
}
