import type { ExperimentConfig, PackedEpochs } from '@liveprop/core';
import type { SessionEvent, SessionStatus } from '@liveprop/protocol';

/** Everything a session reports for persistence; a server without a data dir records nothing. */
export interface SessionRecorder {
  created(session: { id: string; name: string; config: ExperimentConfig; editTokenHash: string; createdAt: number }): void;
  /** Epochs in order; after {@link truncate}, epochs may restart lower. */
  metrics(sessionId: string, epochs: PackedEpochs): void;
  /** Forgets every epoch after `lastEpoch` (reset, rollback, restore from an older checkpoint). */
  truncate(sessionId: string, lastEpoch: number): void;
  event(sessionId: string, event: SessionEvent): void;
  state(sessionId: string, state: { status: SessionStatus; epoch: number; seq: number; config: ExperimentConfig }): void;
  checkpoint(sessionId: string, checkpoint: { epoch: number; seq: number; data: unknown }): void;
  /** The last encoded snapshot, which a join of the hibernated session shows ([R39]). */
  snapshot?(sessionId: string, snapshot: { epoch: number; data: Uint8Array }): void;
}
