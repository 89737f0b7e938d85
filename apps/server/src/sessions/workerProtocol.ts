import type { Change, EpochMetrics, ExperimentConfig, Result, TrainerCheckpoint } from '@liveprop/core';
import type { DatasetPoints } from '@liveprop/protocol';

/** What a session worker is started with (`workerData`). */
export interface WorkerInit {
  config: ExperimentConfig;
  /** Decision-surface grid of snapshots (cells per side). */
  grid: number;
  /** Per-neuron thumbnail grid (cells per side). */
  thumbnailGrid: number;
  /** Longest uninterrupted training slice, ms; a command waits at most this long. */
  sliceMs: number;
  /** Fewest ms between two snapshots: the display rate. */
  tickMs: number;
  /** Continue this saved run instead of starting from `config` (a session restored after a restart). */
  checkpoint?: TrainerCheckpoint;
}

/** Commands that need an answer carry an `id`; the worker answers with a `reply` of the same id. */
export type WorkerCommand =
  | { kind: 'play' }
  | { kind: 'pause'; id: number }
  | { kind: 'speed'; epochsPerSecond: number | null }
  /** The main thread has sent the last snapshot to every viewer; the worker may take the next one. */
  | { kind: 'snapshotAck' }
  /** The main thread has handled a tick; the worker keeps at most a few in flight, so it never outruns the fan-out. */
  | { kind: 'tickAck' }
  | { kind: 'step'; id: number; unit: 'batch' | 'epoch' }
  | { kind: 'reset'; id: number; mode: 'reinit' | 'replay' }
  | { kind: 'change'; id: number; change: Change }
  | { kind: 'rollback'; id: number }
  | { kind: 'trace'; id: number; sample: number | 'batch' }
  | { kind: 'model'; id: number }
  | { kind: 'checkpoint'; id: number };

/** The training state after a command, so the main thread never has to guess. */
export interface WorkerState {
  epoch: number;
  running: boolean;
  diverged: boolean;
  canRollback: boolean;
  config: ExperimentConfig;
}

export interface WorkerReply {
  kind: 'reply';
  id: number;
  result: Result<unknown>;
  state: WorkerState;
  /** Present when the data points changed (dataset change, reset). */
  points?: DatasetPoints;
}

export type WorkerEvent =
  | { kind: 'ready'; state: WorkerState; points: DatasetPoints }
  | { kind: 'failed'; code: string; message: string }
  /** Metrics of every epoch since the last tick, in order, and the latest encoded snapshot when one is due. */
  | { kind: 'tick'; metrics: EpochMetrics[]; snapshot: Uint8Array | null; epoch: number }
  | { kind: 'diverged'; state: WorkerState }
  | WorkerReply;
