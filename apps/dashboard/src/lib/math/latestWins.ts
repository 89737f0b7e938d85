/** Time and timers, passed in so the throttle runs on the browser's clock and on a test's. */
export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const browserClock: Clock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface LatestWinsOptions {
  /** Least time between two sends: 200 ms is 5 requests a second, display rate for numbers. */
  minIntervalMs: number;
  /** Upper bound of the interval when answers are slow to show (see {@link LatestWins.shownIn}). */
  maxIntervalMs: number;
  /** A request unanswered this long counts as lost, so a dropped reply cannot stall the view. */
  replyTimeoutMs: number;
}

/**
 * Sends at most one request at a time, at most one per `minIntervalMs`: asking again while one is in flight or
 * too soon only marks the view stale, and a single request goes out when allowed. Requests never queue up, so
 * a fast-training session costs its viewers one trace per interval, never a backlog.
 */
export class LatestWins {
  private stale = false;
  private inFlightSince: number | null = null;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;
  private intervalMs: number;

  /** `send` returns false when nothing went out (socket closed); the request then stays pending. */
  constructor(
    private readonly send: () => boolean,
    private readonly options: LatestWinsOptions,
    private readonly clock: Clock,
  ) {
    this.intervalMs = options.minIntervalMs;
  }

  /**
   * How long the last answer took to show. The interval stretches to four times that (within the bounds), so
   * showing answers never takes more than about a quarter of the page's time on a slow machine or a big network.
   */
  shownIn(ms: number): void {
    this.intervalMs = Math.min(this.options.maxIntervalMs, Math.max(this.options.minIntervalMs, 4 * ms));
  }

  /** The current least time between two sends. */
  get interval(): number {
    return this.intervalMs;
  }

  /** The data changed: get a fresh answer as soon as allowed. */
  request(): void {
    this.stale = true;
    this.pump();
  }

  /** The answer (or an error for it) arrived. */
  answered(): void {
    this.inFlightSince = null;
    this.pump();
  }

  /** Whether a request is out and unanswered. */
  get waiting(): boolean {
    return this.inFlightSince !== null;
  }

  dispose(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.stale = false;
  }

  private pump(): void {
    if (!this.stale) return;
    const now = this.clock.now();
    if (this.inFlightSince !== null && now - this.inFlightSince < this.options.replyTimeoutMs) {
      this.wake(this.inFlightSince + this.options.replyTimeoutMs - now);
      return;
    }
    const wait = this.lastSentAt + this.intervalMs - now;
    if (wait > 0) {
      this.wake(wait);
      return;
    }
    this.lastSentAt = now;
    if (!this.send()) {
      this.wake(this.intervalMs);
      return;
    }
    this.stale = false;
    this.inFlightSince = now;
  }

  private wake(ms: number): void {
    if (this.timer !== null) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.pump();
    }, ms);
  }
}
