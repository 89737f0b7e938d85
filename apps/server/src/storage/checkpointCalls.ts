/**
 * The `Store` calls on checkpoints and forks: save with pruning, load the newest, fork a stored session, store a
 * live session's fork whole or not at all.
 */
import { loadLatest, saveAndPrune } from './checkpoints.js';
import { forkInto } from './forkSession.js';
import { insertFork, RollbackWith } from './liveFork.js';
import type { StoreContext } from './storeContext.js';
import { success } from './storeErrors.js';
import type { SyncCalls } from './syncCalls.js';

export type CheckpointCalls = Pick<SyncCalls, 'saveCheckpoint' | 'loadLatestCheckpoint' | 'forkSession' | 'createFork'>;

export function checkpointCalls(ctx: StoreContext): CheckpointCalls {
  const { db, stmts, keepCheckpoints, compress } = ctx;
  return {
    saveCheckpoint(id, checkpoint) {
      return ctx.guard(`save checkpoint of session ${id}`, id, () =>
        ctx.withOwnedSession(id, () => db.transaction(() => saveAndPrune(stmts, id, checkpoint, keepCheckpoints))()),
      );
    },

    loadLatestCheckpoint(id) {
      return ctx.guard(`load checkpoint of session ${id}`, id, () => ctx.withSession(id, () => success(loadLatest(stmts, id))));
    },

    forkSession(srcId, newId, uptoEpoch, options = {}) {
      return ctx.guard(`fork session ${srcId} into ${newId}`, null, () => {
        const src = ctx.readSession(srcId);
        if (!src.ok) return src;
        const forked = db.transaction(() => forkInto(stmts, src.value, newId, uptoEpoch, options, compress))();
        return forked.ok ? ctx.claimedNew(newId, ctx.readSession(newId)) : forked;
      });
    },

    createFork(fork) {
      return ctx.guard(`store fork ${fork.id} of session ${fork.parentId}`, null, () => {
        try {
          const written = db.transaction(() => insertFork(stmts, fork, keepCheckpoints, compress))();
          return written.ok ? ctx.claimedNew(fork.id, ctx.readSession(fork.id)) : written;
        } catch (err) {
          if (err instanceof RollbackWith) return err.result;
          throw err;
        }
      });
    },
  };
}
