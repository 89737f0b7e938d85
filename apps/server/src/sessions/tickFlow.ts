/**
 * Ticks the main thread has not yet fanned out; at this many the worker holds further epochs back, and stops training
 * once a whole tick's worth is held. A main thread busy with a crowd of viewers so costs training nothing until it is
 * about a tick behind.
 */
export const MAX_TICKS_IN_FLIGHT = 2;

/** Flow control between a session's worker and its main thread: the ticks posted and not yet acknowledged. */
export class TickFlow {
  private inFlight = 0;
  /** Training waits for the main thread to acknowledge a tick. */
  private stalled = false;

  /** {@link MAX_TICKS_IN_FLIGHT} ticks await their ack; only a reply's epochs may go out (they must precede it). */
  get full(): boolean {
    return this.inFlight >= MAX_TICKS_IN_FLIGHT;
  }

  posted(): void {
    this.inFlight++;
  }

  /** Training stops until the next ack. */
  stall(): void {
    this.stalled = true;
  }

  /** Counts an ack; `true` when it ends a stall, so training resumes. */
  acked(): boolean {
    this.inFlight--;
    if (!this.stalled) return false;
    this.stalled = false;
    return true;
  }
}
