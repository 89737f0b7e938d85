import { describe, expect, it } from 'vitest';
import type { Clock } from '../math/latestWins.js';
import { PING_AFTER_MS, SILENCE_LIMIT_MS, SilenceWatch } from './silenceWatch.js';

/** A clock whose time moves only when the test says so. */
class ManualClock implements Clock {
  time = 0;
  private timers: { at: number; run: () => void }[] = [];
  now = () => this.time;
  setTimeout = (run: () => void, ms: number) => {
    const t = { at: this.time + ms, run };
    this.timers.push(t);
    return t;
  };
  clearTimeout = (handle: unknown) => {
    this.timers = this.timers.filter((t) => t !== handle);
  };
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.at;
      next.run();
    }
    this.time = end;
  }
}

function watch() {
  const clock = new ManualClock();
  const log = { pings: [] as number[], reconnects: [] as number[], silence: [] as (number | null)[] };
  const w = new SilenceWatch({
    ping: (id) => (log.pings.push(id), true),
    reconnect: () => log.reconnects.push(clock.time),
    onSilence: (ms) => log.silence.push(ms),
  }, clock);
  w.start();
  return { clock, log, w };
}

describe('SilenceWatch', () => {
  it('pings a quiet link and stays calm while frames (or pongs) keep arriving', () => {
    const { clock, log, w } = watch();
    for (let i = 0; i < 30; i++) {
      clock.advance(PING_AFTER_MS);
      w.heard();
    }
    expect(log.pings.length).toBeGreaterThan(0);
    expect(log.silence).toEqual([]);
    expect(log.reconnects).toEqual([]);
  });

  it(`calls a link silent after ${SILENCE_LIMIT_MS / 1000} s without a frame, reconnects once per limit, and clears on the next frame`, () => {
    const { clock, log, w } = watch();
    clock.advance(SILENCE_LIMIT_MS - 1000);
    expect(log.silence).toEqual([]);
    clock.advance(1000);
    expect(log.silence).toEqual([SILENCE_LIMIT_MS]);
    expect(log.reconnects).toEqual([SILENCE_LIMIT_MS]);
    clock.advance(3000);
    expect(log.silence.at(-1)).toBe(SILENCE_LIMIT_MS + 3000);
    expect(log.reconnects).toHaveLength(1);
    clock.advance(SILENCE_LIMIT_MS);
    expect(log.reconnects).toEqual([SILENCE_LIMIT_MS, 2 * SILENCE_LIMIT_MS]);
    w.heard();
    expect(log.silence.at(-1)).toBe(null);
    w.stop();
    clock.advance(60_000);
    expect(log.reconnects).toHaveLength(2);
  });
});
