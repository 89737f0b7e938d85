import { now } from './clock.js';

/** Calls cheaper than this are timed one in {@link SAMPLE_EVERY}: two clock reads (~100 ns each here) would cost ≥ 1 % of each. */
const SAMPLED_BELOW_MS = 0.02;
/**
 * One cheap call in this many reads the clock; the others are charged the last timed call's cost. At 16 the reads were
 * still 1.1–1.5 % of an xor `stepBatch()` (perf, this machine); at 64 they are ~0.4 %.
 */
export const SAMPLE_EVERY = 64;

/**
 * Times calls that each do one unit of work (an epoch, a batch) at a fraction of the clock's cost. While the last timed
 * call took under {@link SAMPLED_BELOW_MS}, only one call in {@link SAMPLE_EVERY} reads the clock, and the others are
 * charged that call's cost: xor's whole epoch is ~0.7 µs, two clock reads ~0.2 µs. Whatever changes the work of a
 * call (a live change, a reset) calls {@link forget}, so the next call is timed.
 */
export class StepTimer {
  private untimed = 0;
  private costMs = 0;
  private endMs = 0;

  /** The time a call starts (see {@link now}), or NaN when this call is not timed. */
  start(): number {
    if (this.untimed > 0) {
      this.untimed--;
      return Number.NaN;
    }
    return now();
  }

  /** The cost of the call that began at `start`: measured, or the last timed call's when `start` is NaN. */
  stop(start: number): number {
    if (!Number.isNaN(start)) this.measure(start);
    else this.endMs += this.costMs;
    return this.costMs;
  }

  /** Kept out of {@link stop} so that the untimed case, 63 calls in 64, fits where the caller inlines it. */
  private measure(start: number): void {
    this.endMs = now();
    this.costMs = this.endMs - start;
    this.untimed = this.costMs < SAMPLED_BELOW_MS ? SAMPLE_EVERY - 1 : 0;
  }

  /** When the last call ended: read at a timed call, advanced by the charged cost at the others (idle time unseen). */
  get end(): number {
    return this.endMs;
  }

  /** Times the next call: the work a call does has changed. */
  forget(): void {
    this.untimed = 0;
  }
}
