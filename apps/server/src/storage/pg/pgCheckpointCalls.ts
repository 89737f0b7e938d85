/**
 * The `Store` calls on checkpoints and forks over PostgreSQL: save with pruning, load the newest, fork a stored
 * session, and store a live session's fork — each fork in one transaction, whole or not at all.
 */
import { checkpointCell, checkpointOfRow } from '../checkpoints.js';
import { checkFork } from '../liveFork.js';
import { foldName } from '../sessionQuery.js';
import type { CheckpointRow } from '../statements.js';

type PgCheckpointRow = Omit<CheckpointRow, 'is_binary'> & { is_binary: boolean };
import { failure, success } from '../storeErrors.js';
import type { CheckpointInput, Store, StoredSession, StoreResult } from '../types.js';
import { copyChunksUpTo, insertChunks } from './pgChunks.js';
import type { PgContext, Queryable } from './pgContext.js';
import { insertEvents } from './pgEventCalls.js';
import { INSERT_SESSION } from './pgSessionCalls.js';

export type PgCheckpointCalls = Pick<Store, 'saveCheckpoint' | 'loadLatestCheckpoint' | 'forkSession' | 'createFork'>;

async function saveAndPrune(q: Queryable, id: string, checkpoint: CheckpointInput, keep: number): Promise<StoreResult<void>> {
  const cell = checkpointCell(checkpoint);
  if (!cell.ok) return cell;
  await q.query('INSERT INTO checkpoints (session_id, epoch, seq, is_binary, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    id, checkpoint.epoch, checkpoint.seq, cell.value.binary, cell.value.bytes, Date.now(),
  ]);
  await q.query('DELETE FROM checkpoints WHERE session_id = $1 AND id NOT IN (SELECT id FROM checkpoints WHERE session_id = $1 ORDER BY id DESC LIMIT $2)', [id, keep]);
  return success(undefined);
}

async function exists(q: Queryable, id: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM sessions WHERE id = $1', [id])).rows.length > 0;
}

export function pgCheckpointCalls(ctx: PgContext): PgCheckpointCalls {
  const { pool, keepCheckpoints, compress } = ctx;
  /** A new session row written by a fork is claimed by this store, like one from `createSession`. */
  const claimed = (id: string, result: StoreResult<StoredSession>): StoreResult<StoredSession> => {
    if (result.ok) ctx.claims.set(id, 1);
    return result;
  };
  return {
    saveCheckpoint(id, checkpoint) {
      return ctx.guard(`save checkpoint of session ${id}`, id, () =>
        ctx.transaction(async (client) => {
          const owned = await ctx.ownership(client, id);
          return owned.ok ? saveAndPrune(client, id, checkpoint, keepCheckpoints) : owned;
        }),
      );
    },

    loadLatestCheckpoint(id) {
      return ctx.guard(`load checkpoint of session ${id}`, id, async () => {
        if (!(await exists(pool, id))) return ctx.notFound(id);
        const row = (await pool.query<PgCheckpointRow>('SELECT epoch, seq, is_binary, data, created_at FROM checkpoints WHERE session_id = $1 ORDER BY id DESC LIMIT 1', [id])).rows[0];
        return success(row === undefined ? null : checkpointOfRow({ ...row, binary: row.is_binary }, id));
      });
    },

    forkSession(srcId, newId, uptoEpoch, options = {}) {
      return ctx.guard(`fork session ${srcId} into ${newId}`, null, async () => {
        if (typeof newId !== 'string' || newId.length === 0 || newId.length > 200) {
          return failure('invalid', `expected the fork id to be a string of 1..200 characters, got ${JSON.stringify(newId)}`);
        }
        if (!Number.isSafeInteger(uptoEpoch) || uptoEpoch < 0) {
          return failure('invalid', `expected the fork epoch to be a non-negative integer, got ${uptoEpoch}`);
        }
        const forked = await ctx.transaction(async (client) => {
          const src = await ctx.readSession(client, srcId);
          if (!src.ok) return src;
          if (await exists(client, newId)) return failure('exists', `session ${JSON.stringify(newId)} already exists`);
          const createdAt = options.createdAt ?? Date.now();
          const name = options.name ?? `${src.value.name} (fork @${uptoEpoch})`;
          await client.query(INSERT_SESSION, [
            newId, name, JSON.stringify(src.value.config), options.editTokenHash ?? src.value.editTokenHash, createdAt, srcId, uptoEpoch, Math.min(src.value.epoch, uptoEpoch), foldName(name),
          ]);
          await client.query(
            'INSERT INTO events (session_id, idx, epoch, body) SELECT $1, idx, epoch, body FROM events WHERE session_id = $2 AND epoch <= $3',
            [newId, srcId, uptoEpoch],
          );
          await copyChunksUpTo(client, srcId, newId, uptoEpoch, compress);
          await client.query(
            `INSERT INTO checkpoints (session_id, epoch, seq, is_binary, data, created_at)
             SELECT $1, epoch, seq, is_binary, data, created_at FROM checkpoints WHERE session_id = $2 AND epoch <= $3 ORDER BY id DESC LIMIT 1`,
            [newId, srcId, uptoEpoch],
          );
          return ctx.readSession(client, newId);
        });
        return claimed(newId, forked);
      });
    },

    createFork(fork) {
      return ctx.guard(`store fork ${fork.id} of session ${fork.parentId}`, null, async () => {
        const checked = checkFork(fork);
        if (!checked.ok) return checked;
        const { config, bodies, epochs } = checked.value;
        const written = await ctx.transaction(async (client) => {
          if (await exists(client, fork.id)) return failure('exists', `session ${JSON.stringify(fork.id)} already exists`);
          if (!(await exists(client, fork.parentId))) {
            return failure('not_found', `no parent session ${JSON.stringify(fork.parentId)} for fork ${JSON.stringify(fork.id)}`);
          }
          const { id, name, editTokenHash, createdAt, parentId, forkEpoch } = fork;
          await client.query(INSERT_SESSION, [id, name, config, editTokenHash, createdAt, parentId, forkEpoch, forkEpoch, foldName(name)]);
          await insertChunks(client, id, epochs, compress);
          await insertEvents(client, id, fork.events, bodies);
          const saved = await saveAndPrune(client, id, fork.checkpoint, keepCheckpoints);
          return saved.ok ? ctx.readSession(client, id) : failure('invalid', saved.message);
        });
        return claimed(fork.id, written);
      });
    },
  };
}
