/**
 * The `Store` calls a server with thousands of sessions needs: one lobby page at a time, and the last encoded
 * snapshot of each session, which a join of a hibernated session shows without waking it.
 */
import { checkSessionQuery, totalFromPage, type SessionMatch } from './sessionQuery.js';
import { snapshotProblem, summaryOfRow } from './sessionRows.js';
import type { SummaryRow } from './statements.js';
import type { StoreContext } from './storeContext.js';
import { failure, success } from './storeErrors.js';
import type { SyncCalls } from './syncCalls.js';

export type LobbyCalls = Pick<SyncCalls, 'querySessions' | 'saveSnapshot' | 'loadSnapshot'>;

const SUMMARY_COLUMNS = 'id, name, edit_token_hash, created_at, updated_at, parent_id, fork_epoch, status, epoch, seq, storage_error';
/** `instr` rather than LIKE: no wildcards to escape. `related`: the session, its forks and its parent. */
const MATCHES =
  '(@search IS NULL OR instr(name_folded, @search) > 0 OR instr(id, @idSearch) > 0) AND (@status IS NULL OR status = @status) AND ' +
  '(@related IS NULL OR id = @related OR parent_id = @related OR id = (SELECT parent_id FROM sessions WHERE id = @related))';

export function lobbyCalls(ctx: StoreContext): LobbyCalls {
  const { db } = ctx;
  const page = db.prepare<[SessionMatch & { limit: number; offset: number }], SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM sessions WHERE ${MATCHES} ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset`,
  );
  const count = db.prepare<[SessionMatch], number>(`SELECT count(*) FROM sessions WHERE ${MATCHES}`).pluck();
  const upsertSnapshot = db.prepare<[string, number, Buffer]>(
    'INSERT INTO snapshots (session_id, epoch, data) VALUES (?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET epoch = excluded.epoch, data = excluded.data',
  );
  const getSnapshot = db.prepare<[string], { epoch: number; data: Buffer }>('SELECT epoch, data FROM snapshots WHERE session_id = ?');
  return {
    querySessions(query) {
      return ctx.guard('query sessions', null, () => {
        const match = checkSessionQuery(query);
        if (!match.ok) return match;
        const rows = page.all({ ...match.value, limit: query.limit, offset: query.offset });
        const total = totalFromPage(query, rows.length) ?? count.get(match.value)!;
        return success({ total, sessions: rows.map((row) => summaryOfRow(row, ctx.pendingFlags.get(row.id))) });
      });
    },

    saveSnapshot(id, snapshot) {
      return ctx.guard(`save snapshot of session ${id}`, id, () => {
        const problem = snapshotProblem(snapshot);
        if (problem !== null) return failure('invalid', problem);
        return ctx.withOwnedSession(id, () => {
          upsertSnapshot.run(id, snapshot.epoch, Buffer.from(snapshot.data.buffer, snapshot.data.byteOffset, snapshot.data.byteLength));
          return success(undefined);
        });
      });
    },

    loadSnapshot(id) {
      return ctx.guard(`load snapshot of session ${id}`, id, () =>
        ctx.withSession(id, () => {
          const row = getSnapshot.get(id);
          return success(row === undefined ? null : { epoch: row.epoch, data: new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength) });
        }),
      );
    },
  };
}
