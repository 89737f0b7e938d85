import type { Trainer } from '@liveprop/core';
import { SnapshotTaker } from './snapshotTaker.js';
import type { WorkerInit } from './workerProtocol.js';

/** Share of a running worker's time that snapshots may take; past it they come less often than the display rate. */
const SNAPSHOT_BUDGET = 0.1;

/** What one flush of the worker did about snapshots. */
export interface SnapshotTurn {
  /** The snapshot taken now, if any. */
  snapshot: Uint8Array | null;
  /** A snapshot is wanted but was not due yet. */
  waiting: boolean;
  /** Ms until the next snapshot is due, at least 1. */
  dueInMs: number;
}

/**
 * Decides when a session's worker takes a snapshot: when the trainer changed, at most once per display tick (less often
 * when snapshots outgrow their share of a running worker's time), and never before the main thread acknowledged the
 * previous one, so snapshots never outpace the fan-out.
 */
export class SnapshotPacer {
  /** The trainer changed since the last snapshot. */
  changed = true;
  private lastAt = -Infinity;
  private epoch = -1;
  /** A snapshot was posted and the main thread has not yet fanned it out. */
  private awaitingAck = false;
  private readonly taker: SnapshotTaker;

  constructor(
    private readonly trainer: Trainer,
    private readonly init: WorkerInit,
  ) {
    this.taker = new SnapshotTaker(trainer, init.grid, init.thumbnailGrid);
  }

  /** The main thread fanned the last snapshot out; the next may be taken. */
  acked(): void {
    this.awaitingAck = false;
  }

  /** Takes a snapshot at `now` when one is wanted, due (or `force`d) and the previous one was acknowledged. */
  turn(now: number, running: boolean, force: boolean): SnapshotTurn {
    const wanted = this.changed || this.trainer.epoch !== this.epoch || (!running && !this.taker.complete);
    const interval = running ? Math.max(this.init.tickMs, this.taker.costMs / SNAPSHOT_BUDGET) : this.init.tickMs;
    const due = force || now - this.lastAt >= interval;
    let snapshot: Uint8Array | null = null;
    if (wanted && due && !this.awaitingAck) {
      snapshot = this.taker.take(!running);
      this.lastAt = now;
      this.epoch = this.trainer.epoch;
      this.changed = false;
      this.awaitingAck = true;
    }
    const waiting = wanted && snapshot === null && !this.awaitingAck;
    return { snapshot, waiting, dueInMs: Math.max(1, interval - (now - this.lastAt)) };
  }
}
