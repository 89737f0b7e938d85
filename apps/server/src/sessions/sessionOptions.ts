import type { EpochMetrics, Result, TrainerCheckpoint } from '@liveprop/core';
import type { DatasetPoints, SessionEvent, SessionStatus } from '@liveprop/protocol';
import type { Logger } from 'pino';
import type { SessionRecorder } from './recorder.js';
import type { Session } from './session.js';
import type { WorkerSource } from './spareWorkers.js';
import type { WorkerInit } from './workerProtocol.js';

/** What a {@link Session} is made with, and the shapes it hands to the registry, its store and its hibernation. */

export interface SessionOptions {
  id: string;
  name: string;
  editTokenHash: string;
  init: WorkerInit;
  logger: Logger;
  ringFrames?: number;
  ringChars?: number;
  /** Events sent in `sessionState`; older ones stay kept on the server. */
  maxStateEvents?: number;
  recorder?: SessionRecorder;
  /** What a session restored from the store already had. */
  restored?: { seq: number; events: SessionEvent[]; metrics: EpochMetrics[]; createdAt: number };
  /** A session without a worker (hibernated): what its worker last reported, and the stream its viewers know. */
  asleep?: AsleepState;
  /** Where its worker threads come from: spares started ahead when the registry keeps some ([R39]). */
  workers?: WorkerSource;
  /** Wakes the session for what needs its worker and tracks its idle time ([R39]); without one the worker never sleeps. */
  gate?: WorkerGate;
  /** Reads the last snapshot the store keeps, for joiners while memory holds none ([R39]); absent without a store. */
  storedSnapshot?: (id: string) => Promise<StoredSnapshot | null>;
}

/** A session's last encoded snapshot as the store keeps it, and the epoch it shows. */
export interface StoredSnapshot {
  epoch: number;
  data: Uint8Array;
}

/** What lets a session sleep: the registry's hibernation. */
export interface WorkerGate {
  /** Runs `use` with the session awake and kept awake; `busy` when no worker can be had. */
  use<T>(session: Session, use: () => Promise<T>): Promise<Result<T>>;
  /** The session was used now: its idle time starts over. */
  touch(session: Session): void;
}

/** What a hibernated session shows without a worker ([R39]). */
export interface AsleepState {
  status: SessionStatus;
  epoch: number;
  canRollback: boolean;
  speed: number | null;
  /** Its data points, or undefined to build them from its config when a joiner asks (not held while it sleeps). */
  points?: DatasetPoints;
  /** The stream this process's viewers of it already follow, if any: it continues, so they need no resync. */
  streamId?: string;
}

/** A checkpoint the worker just took, with the stream position it belongs to. */
export interface TakenCheckpoint {
  epoch: number;
  seq: number;
  data: TrainerCheckpoint;
}
