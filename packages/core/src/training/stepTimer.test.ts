import { describe, expect, it } from 'vitest';
import { now } from './clock.js';
import { SAMPLE_EVERY, StepTimer } from './stepTimer.js';

/** Times calls until one measures cheap (a call here is a few ns; a preempted one may not be): its cost. */
function timeCheapCall(timer: StepTimer): number {
  for (;;) {
    const start = timer.start();
    expect(Number.isNaN(start)).toBe(false);
    const ms = timer.stop(start);
    if (ms < 0.02) return ms;
  }
}

describe('StepTimer', () => {
  it('after a cheap timed call, charges the next SAMPLE_EVERY − 1 (63) its cost without the clock, then times again', () => {
    const timer = new StepTimer();
    const cost = timeCheapCall(timer);
    const timedEnd = timer.end;
    expect(SAMPLE_EVERY).toBe(64);
    for (let k = 1; k < SAMPLE_EVERY; k++) {
      const start = timer.start();
      expect(Number.isNaN(start)).toBe(true);
      expect(timer.stop(start)).toBe(cost);
      expect(timer.end).toBeCloseTo(timedEnd + k * cost, 12);
    }
    expect(Number.isNaN(timer.start())).toBe(false);
  });

  it('times every call that takes 20 µs or more', () => {
    const timer = new StepTimer();
    for (let k = 0; k < 3; k++) {
      const start = timer.start();
      expect(Number.isNaN(start)).toBe(false);
      // A start 1 ms back stands for a call that long.
      expect(timer.stop(start - 1)).toBeGreaterThanOrEqual(1);
      expect(timer.end).toBeLessThanOrEqual(now());
    }
  });

  it('forget() makes the next call timed', () => {
    const timer = new StepTimer();
    timeCheapCall(timer);
    timer.forget();
    expect(Number.isNaN(timer.start())).toBe(false);
  });
});
