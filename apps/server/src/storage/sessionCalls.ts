/**
 * The `Store` calls on session rows: create, list, read, rename, delete, save state, clear the storage flag.
 */
import { nameProblem, newSessionProblem, statePatchProblem, summaryOfRow, toJsonText } from './sessionRows.js';
import type { StoreContext } from './storeContext.js';
import { failure, success } from './storeErrors.js';
import type { SyncCalls } from './syncCalls.js';

export type SessionCalls = Pick<
  SyncCalls,
  'createSession' | 'listSessions' | 'getSession' | 'renameSession' | 'deleteSession' | 'updateSessionState' | 'clearStorageError'
>;

export function sessionCalls(ctx: StoreContext): SessionCalls {
  const { stmts } = ctx;
  return {
    createSession(session) {
      return ctx.guard(`create session ${session.id}`, null, () => {
        const problem = newSessionProblem(session);
        if (problem !== null) return failure('invalid', problem);
        const config = toJsonText(session.config, 'config');
        if (!config.ok) return failure('invalid', config.message);
        if (stmts.sessionExists.get(session.id) !== undefined) {
          return failure('exists', `session ${JSON.stringify(session.id)} already exists`);
        }
        if (session.parentId !== undefined && stmts.sessionExists.get(session.parentId) === undefined) {
          return failure('not_found', `no parent session ${JSON.stringify(session.parentId)} for ${JSON.stringify(session.id)}`);
        }
        const { id, name, editTokenHash, createdAt } = session;
        const parent = session.parentId ?? null;
        const forkEpoch = session.forkEpoch ?? null;
        stmts.insertSession.run(id, name, config.text, editTokenHash, createdAt, createdAt, parent, forkEpoch, 'paused', 0);
        return ctx.readSession(id);
      });
    },

    listSessions() {
      return ctx.guard('list sessions', null, () =>
        success(stmts.listSessions.all().map((row) => summaryOfRow(row, ctx.pendingFlags.get(row.id)))),
      );
    },

    getSession(id) {
      return ctx.guard(`read session ${id}`, id, () => ctx.readSession(id));
    },

    renameSession(id, name) {
      return ctx.guard(`rename session ${id}`, id, () => {
        const problem = nameProblem(name);
        if (problem !== null) return failure('invalid', problem);
        stmts.renameSession.run(name, Date.now(), id);
        return ctx.readSession(id);
      });
    },

    deleteSession(id) {
      return ctx.guard(`delete session ${id}`, id, () => {
        if (stmts.deleteSession.run(id).changes === 0) return ctx.requireSession(id);
        ctx.pendingFlags.delete(id);
        return success(undefined);
      });
    },

    updateSessionState(id, patch) {
      return ctx.guard(`update session ${id}`, id, () => {
        const problem = statePatchProblem(patch);
        if (problem !== null) return failure('invalid', problem);
        const row = stmts.getSession.get(id);
        if (row === undefined) return failure('not_found', `no session ${JSON.stringify(id)} in ${ctx.path}`);
        const config = patch.config === undefined ? { ok: true as const, text: row.config } : toJsonText(patch.config, 'config');
        if (!config.ok) return failure('invalid', config.message);
        const extra = patch.extra === undefined ? { ok: true as const, text: row.extra } : toJsonText(patch.extra, 'extra');
        if (!extra.ok) return failure('invalid', extra.message);
        const status = patch.status ?? row.status;
        stmts.updateState.run(status, patch.epoch ?? row.epoch, patch.seq ?? row.seq, config.text, extra.text, Date.now(), id);
        return ctx.readSession(id);
      });
    },

    clearStorageError(id) {
      return ctx.guard(`clear storage error of session ${id}`, null, () => {
        ctx.pendingFlags.delete(id);
        if (stmts.setStorageError.run(null, id).changes === 0) return ctx.requireSession(id);
        return success(undefined);
      });
    },
  };
}
