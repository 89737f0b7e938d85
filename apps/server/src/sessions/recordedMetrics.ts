import type { EpochMetrics } from '@liveprop/core';
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

  /** Appends trained epochs to the history and the store. */
  append(metrics: EpochMetrics[]): void {
    this.history.append(metrics);
    if (this.recorder === null) return;
    const first = metrics[0]!.epoch;
    if (first <= this.lastRecordedEpoch) this.recorder.truncate(this.sessionId, first - 1);
    this.recorder.metrics(this.sessionId, metrics);
    this.lastRecordedEpoch = metrics.at(-1)!.epoch;
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
