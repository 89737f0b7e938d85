import { PackedEpochs } from '@liveprop/core';

/**
 * Fewest ms between two metrics frames. Each frame costs one socket write per viewer, so batching them (still
 * lossless, still in seq order) leaves the main thread free for snapshots when a thousand viewers watch.
 */
export const METRICS_HOLD_MS = 100;

/**
 * How much longer than the hold the timer waits. A running session's next tick (every ~33 ms) usually publishes
 * first, so the metrics share that tick's corked write with its snapshot instead of costing each viewer a write of
 * their own; the timer only publishes what a paused session left behind.
 */
const TIMER_SLACK_MS = 50;

/**
 * Epochs trained but not yet broadcast. They go out at most every {@link METRICS_HOLD_MS}, and before any other
 * frame of the session (a caller flushes first), so seq order stays epoch order.
 */
export class MetricsHold {
  /** Ticks' epochs as the worker packed them, shared with the history and the recorder, which only read them. */
  private held: PackedEpochs[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private publishedAt = -Infinity;

  /** `publish` broadcasts one frame of epochs; `onTimer` runs a deferred flush (the session corks around it). */
  constructor(
    private readonly publish: (epochs: PackedEpochs) => void,
    private readonly onTimer: () => void,
  ) {}

  /** Holds `metrics`, publishing now when the last frame is old enough, else once it is. */
  add(epochs: PackedEpochs): void {
    if (epochs.length > 0) this.held.push(epochs);
    const wait = METRICS_HOLD_MS - (performance.now() - this.publishedAt);
    if (wait <= 0) this.flush();
    else this.timer ??= setTimeout(() => {
      this.timer = null;
      this.onTimer();
    }, wait + TIMER_SLACK_MS);
  }

  /** Broadcasts the held epochs as one frame, if any. */
  flush(): void {
    this.stop();
    if (this.held.length === 0) return;
    const epochs = PackedEpochs.concat(this.held);
    this.held = [];
    this.publishedAt = performance.now();
    this.publish(epochs);
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
