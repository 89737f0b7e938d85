import type { PackedEpochs } from '@liveprop/core';
import type { MetricHistory } from './metricHistory.js';
import type { SessionRecorder } from './recorder.js';

/** A session's lossless metric history and its copy in the store, kept in step when the history is cut. */
export class RecordedMetrics {
  /** Last epoch handed to the recorder; an epoch at or below it means the history was cut. */
  private lastRecordedEpoch: number;

  constructor(
    private readonly sessionId: string,
    private readonly history: MetricHistory,
    private readonly recorder: SessionRecorder | null,
    lastRecordedEpoch: number,
  ) {
    this.lastRecordedEpoch = lastRecordedEpoch;
  }

  /** Appends trained epochs (at least one, rising, as a worker's tick packs them) to the history and the store. */
  append(epochs: PackedEpochs): void {
    this.history.append(epochs);
    if (this.recorder === null) return;
    const first = epochs.epoch(0);
    if (first <= this.lastRecordedEpoch) this.recorder.truncate(this.sessionId, first - 1);
    this.recorder.metrics(this.sessionId, epochs);
    this.lastRecordedEpoch = epochs.epoch(epochs.length - 1);
  }

  /** Forgets metrics after `epoch` (reset, rollback), here and in the store. */
  truncateAfter(epoch: number): void {
    this.history.truncateFrom(epoch + 1);
    if (this.lastRecordedEpoch > epoch) {
      this.recorder?.truncate(this.sessionId, epoch);
      this.lastRecordedEpoch = epoch;
    }
  }
}
