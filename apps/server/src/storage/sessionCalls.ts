/**
 * The `Store` calls on session rows: create, list, read, rename, delete, save state, clear the storage flag.
 */
import { claimTokenProblem, staleClaim } from './fencing.js';
import { foldName } from './sessionQuery.js';
import { nameProblem, newSessionProblem, statePatchProblem, summaryOfRow, toJsonText } from './sessionRows.js';
import type { StoreContext } from './storeContext.js';
import { failure, success } from './storeErrors.js';
import type { SyncCalls } from './syncCalls.js';

export type SessionCalls = Pick<
  SyncCalls,
  'createSession' | 'listSessions' | 'getSession' | 'claimSession' | 'renameSession' | 'deleteSession' | 'updateSessionState' | 'clearStorageError'
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
        stmts.insertSession.run(id, name, foldName(name), config.text, editTokenHash, createdAt, createdAt, parent, forkEpoch, 'paused', 0);
        return ctx.claimedNew(id, ctx.readSession(id));
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

    claimSession(id, token) {
      return ctx.guard(`claim session ${id}`, null, () => {
        const bad = claimTokenProblem(token);
        if (bad !== null) return bad;
        const asked = token ?? null;
        const fence = stmts.claimSession.get(asked, id, asked, asked);
        if (fence === undefined) {
          const stored = stmts.sessionFence.get(id);
          return stored === undefined ? failure('not_found', `no session ${JSON.stringify(id)} in ${ctx.path}`) : staleClaim(id, token ?? 0, stored);
        }
        ctx.claims.set(id, fence);
        return success(fence);
      });
    },

    renameSession(id, name) {
      return ctx.guard(`rename session ${id}`, id, () => {
        const problem = nameProblem(name);
        if (problem !== null) return failure('invalid', problem);
        return ctx.withOwnedSession(id, () => {
          stmts.renameSession.run(name, foldName(name), Date.now(), id);
          return ctx.readSession(id);
        });
      });
    },

    deleteSession(id) {
      return ctx.guard(`delete session ${id}`, id, () => {
        if (stmts.deleteSession.run(id).changes === 0) return ctx.requireSession(id);
        ctx.pendingFlags.delete(id);
        ctx.claims.delete(id);
        return success(undefined);
      });
    },

    updateSessionState(id, patch) {
      return ctx.guard(`update session ${id}`, id, () => {
        const problem = statePatchProblem(patch);
        if (problem !== null) return failure('invalid', problem);
        return ctx.withOwnedSession(id, () => {
          const row = stmts.getSession.get(id)!;
          const config = patch.config === undefined ? { ok: true as const, text: row.config } : toJsonText(patch.config, 'config');
          if (!config.ok) return failure('invalid', config.message);
          const status = patch.status ?? row.status;
          stmts.updateState.run(status, patch.epoch ?? row.epoch, patch.seq ?? row.seq, config.text, Date.now(), id);
          return ctx.readSession(id);
        });
      });
    },

    clearStorageError(id) {
      return ctx.guard(`clear storage error of session ${id}`, null, () =>
        ctx.withOwnedSession(id, () => {
          stmts.setStorageError.run(null, id);
          ctx.pendingFlags.delete(id);
          return success(undefined);
        }),
      );
    },
  };
}
