/**
 * Copies a session as it was at an epoch into a new session: the fork behind "what if I raise the learning rate now?".
 */
import { copyEpochsUpTo } from './metricsWrite.js';
import { foldName } from './sessionQuery.js';
import type { Statements } from './statements.js';
import { failure, success } from './storeErrors.js';
import type { ForkOptions, StoredSession, StoreResult } from './types.js';

/** Creates `newId` from `src` up to `uptoEpoch`. Run inside a transaction so a failed fork leaves nothing behind. */
export function forkInto(
  stmts: Statements,
  src: StoredSession,
  newId: string,
  uptoEpoch: number,
  options: ForkOptions,
  compress: boolean,
): StoreResult<void> {
  if (typeof newId !== 'string' || newId.length === 0 || newId.length > 200) {
    return failure('invalid', `expected the fork id to be a string of 1..200 characters, got ${JSON.stringify(newId)}`);
  }
  if (!Number.isSafeInteger(uptoEpoch) || uptoEpoch < 0) {
    return failure('invalid', `expected the fork epoch to be a non-negative integer, got ${uptoEpoch}`);
  }
  if (stmts.sessionExists.get(newId) !== undefined) return failure('exists', `session ${JSON.stringify(newId)} already exists`);
  const createdAt = options.createdAt ?? Date.now();
  const name = options.name ?? `${src.name} (fork @${uptoEpoch})`;
  stmts.insertSession.run(
    newId,
    name,
    foldName(name),
    JSON.stringify(src.config),
    options.editTokenHash ?? src.editTokenHash,
    createdAt,
    createdAt,
    src.id,
    uptoEpoch,
    'paused',
    Math.min(src.epoch, uptoEpoch),
  );
  stmts.copyEvents.run(newId, src.id, uptoEpoch);
  copyEpochsUpTo(stmts, src.id, newId, uptoEpoch, compress);
  stmts.copyLatestCheckpointUpTo.run(newId, src.id, uptoEpoch);
  return success(undefined);
}
