/**
 * Writing a fork of a live session: the new row, the source's metrics and events up to the fork epoch, and the
 * checkpoint the source's worker just took — all or nothing.
 */
import type { PackedEpochs } from '@liveprop/core';
import { saveAndPrune } from './checkpoints.js';
import { insertEpochs, validateEpochs } from './metricsWrite.js';
import { foldName } from './sessionQuery.js';
import { newSessionProblem, toJsonText } from './sessionRows.js';
import type { Statements } from './statements.js';
import { failure, success } from './storeErrors.js';
import type { NewFork, StoredEvent, StoreResult } from './types.js';

/** Thrown inside a transaction to roll it back and answer `result` instead. */
export class RollbackWith extends Error {
  override name = 'RollbackWith';
  constructor(readonly result: { ok: false; code: 'invalid' | 'exists' | 'not_found'; message: string }) {
    super(result.message);
  }
}

/** The JSON text of each event, or the first event that cannot be stored. */
export function eventBodies(events: readonly StoredEvent[]): StoreResult<string[]> {
  const bodies: string[] = [];
  for (const event of events) {
    if (typeof event.epoch !== 'number' || !Number.isFinite(event.epoch)) {
      return failure('invalid', `expected event.epoch to be a finite number, got ${String(event.epoch)}`);
    }
    const body = toJsonText(event, 'event');
    if (!body.ok) return failure('invalid', body.message);
    bodies.push(body.text);
  }
  return success(bodies);
}

/** Everything about a fork that can be checked without the store: its row, config text, epochs and event bodies. */
export function checkFork(fork: NewFork): StoreResult<{ config: string; bodies: string[]; epochs: PackedEpochs }> {
  const problem = newSessionProblem(fork);
  if (problem !== null) return failure('invalid', problem);
  const config = toJsonText(fork.config, 'config');
  if (!config.ok) return failure('invalid', config.message);
  const epochs = validateEpochs(fork.metrics, null);
  if (!epochs.ok) return epochs;
  const bodies = eventBodies(fork.events);
  if (!bodies.ok) return bodies;
  return success({ config: config.text, bodies: bodies.value, epochs: epochs.value });
}

/**
 * Checks everything about `fork` that can be checked without writing, then writes it. Run inside a transaction:
 * any failure after the first write throws (a `SqliteError`, or `RollbackWith` for a refused checkpoint), so the
 * transaction rolls back and no half-written fork is left.
 */
export function insertFork(stmts: Statements, fork: NewFork, keepCheckpoints: number, compress: boolean): StoreResult<void> {
  const checked = checkFork(fork);
  if (!checked.ok) return checked;
  const { config, bodies, epochs } = checked.value;
  if (stmts.sessionExists.get(fork.id) !== undefined) return failure('exists', `session ${JSON.stringify(fork.id)} already exists`);
  if (stmts.sessionExists.get(fork.parentId) === undefined) {
    return failure('not_found', `no parent session ${JSON.stringify(fork.parentId)} for fork ${JSON.stringify(fork.id)}`);
  }
  const { id, name, editTokenHash, createdAt, parentId, forkEpoch } = fork;
  stmts.insertSession.run(id, name, foldName(name), config, editTokenHash, createdAt, createdAt, parentId, forkEpoch, 'paused', forkEpoch);
  if (epochs.length > 0) insertEpochs(stmts, id, epochs, compress);
  for (let i = 0; i < bodies.length; i++) stmts.insertEvent.run(id, i, fork.events[i]!.epoch, bodies[i]!);
  const saved = saveAndPrune(stmts, id, fork.checkpoint, keepCheckpoints);
  if (!saved.ok) throw new RollbackWith({ ok: false, code: 'invalid', message: saved.message });
  return success(undefined);
}
