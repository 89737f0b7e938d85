import type { Change, ChangeApplied, ExperimentConfig, ModelJson, PackedEpochs, Reconciled, Result, TrainerCheckpoint } from '@liveprop/core';
import type { DatasetPoints, StepTraceWire } from '@liveprop/protocol';

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
  /** Start at this speed limit, epochs per second (a session woken from hibernation keeps its speed); default unlimited. */
  speed?: number | null;
}

/** Commands the main thread sends and waits for: the worker answers each with a `reply` of the same id. */
export type WorkerRequest =
  | { kind: 'play' }
  | { kind: 'pause' }
  | { kind: 'speed'; epochsPerSecond: number | null }
  | { kind: 'step'; unit: 'batch' | 'epoch' }
  | { kind: 'reset'; mode: 'reinit' | 'replay' }
  | { kind: 'change'; change: Change }
  | { kind: 'rollback'; learningRate?: number }
  | { kind: 'trace'; sample: number | 'batch' }
  | { kind: 'model' }
  | { kind: 'checkpoint' };

export type RequestKind = WorkerRequest['kind'];

/** What each request answers when it succeeds. */
export interface WorkerReplies {
  play: null;
  pause: null;
  speed: null;
  step: { unit: 'batch' | 'epoch'; epoch: number };
  reset: { mode: 'reinit' | 'replay' };
  change: ChangeApplied;
  /** The epoch returned to, and the learning-rate change applied with it, if one was asked for. */
  rollback: { epoch: number; learningRate: ChangeApplied | null };
  trace: StepTraceWire;
  model: ModelJson;
  checkpoint: TrainerCheckpoint;
}

export type WorkerCommand =
  | (WorkerRequest & { id: number })
  /** The main thread has sent the last snapshot to every viewer; the worker may take the next one. */
  | { kind: 'snapshotAck' }
  /** The main thread has handled a tick; the worker keeps at most a few in flight, so it never outruns the fan-out. */
  | { kind: 'tickAck' };

/**
 * The training state after a command, so the main thread never has to guess. `version` grows with every report:
 * the main thread adopts a state only when it is newer than the one it holds, so its view only moves forward.
 */
export interface WorkerState {
  version: number;
  epoch: number;
  running: boolean;
  diverged: boolean;
  canRollback: boolean;
  /** Epochs per second, or `null` for unlimited. */
  speed: number | null;
  config: ExperimentConfig;
}

export interface WorkerReply<K extends RequestKind = RequestKind> {
  kind: 'reply';
  id: number;
  result: Result<WorkerReplies[K]>;
  state: WorkerState;
  /** Present when the data points changed (dataset change, reset). */
  points?: DatasetPoints;
}

export type WorkerEvent =
  /** `reconciled`: the changes re-applied to a restored checkpoint to reach `WorkerInit.config`; `null` for a new run. */
  | { kind: 'ready'; state: WorkerState; points: DatasetPoints; reconciled: Reconciled | null }
  | { kind: 'failed'; code: string; message: string }
  /** Metrics of every epoch since the last tick, in order, packed, and the latest encoded snapshot when one is due. */
  | { kind: 'tick'; metrics: PackedEpochs; snapshot: Uint8Array | null; epoch: number }
  | { kind: 'diverged'; state: WorkerState }
  | WorkerReply;
