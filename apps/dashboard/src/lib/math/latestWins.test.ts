import { describe, expect, it } from 'vitest';
import { LatestWins, type Clock } from './latestWins.js';

/** A clock the test advances by hand; due timers run in time order. */
class ManualClock implements Clock {
  time = 0;
  private timers = new Map<number, { at: number; run: () => void }>();
  private nextId = 1;
  now = () => this.time;
  setTimeout = (run: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, run });
    return id;
  };
  clearTimeout = (handle: unknown) => void this.timers.delete(handle as number);
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].run();
    }
    this.time = end;
  }
}

function setup(sendOk = () => true) {
  const clock = new ManualClock();
  const sent: number[] = [];
  const throttle = new LatestWins(() => (sendOk() ? (sent.push(clock.time), true) : false), { minIntervalMs: 200, maxIntervalMs: 2000, replyTimeoutMs: 2000 }, clock);
  return { clock, sent, throttle };
}

describe('LatestWins', () => {
  it('sends the first request at once', () => {
    const { sent, throttle } = setup();
    throttle.request();
    expect(sent).toEqual([0]);
  });

  it('collapses any number of changes during a flight into one follow-up request', () => {
    const { clock, sent, throttle } = setup();
    throttle.request();
    for (let i = 0; i < 50; i++) throttle.request();
    clock.advance(500);
    expect(sent).toEqual([0]);
    throttle.answered();
    expect(sent).toEqual([0, 500]);
    throttle.answered();
    expect(sent).toEqual([0, 500]);
  });

  it('keeps at least the minimum interval between sends even when answers are instant', () => {
    const { clock, sent, throttle } = setup();
    for (let t = 0; t < 1000; t += 10) {
      throttle.request();
      throttle.answered();
      clock.advance(10);
    }
    expect(sent).toEqual([0, 200, 400, 600, 800]);
  });

  it('gives up on a lost reply after the timeout and asks again', () => {
    const { clock, sent, throttle } = setup();
    throttle.request();
    throttle.request();
    clock.advance(2000);
    expect(sent).toEqual([0, 2000]);
  });

  it('retries while the socket refuses to send, then stops once sent', () => {
    let open = false;
    const { clock, sent, throttle } = setup(() => open);
    throttle.request();
    clock.advance(450);
    expect(sent).toEqual([]);
    open = true;
    clock.advance(200);
    expect(sent).toEqual([600]);
    expect(throttle.waiting).toBe(true);
  });

  it('stretches the interval to four times the time an answer took to show, within bounds', () => {
    const { clock, sent, throttle } = setup();
    throttle.shownIn(150);
    expect(throttle.interval).toBe(600);
    for (let t = 0; t < 1500; t += 10) {
      throttle.request();
      throttle.answered();
      clock.advance(10);
    }
    expect(sent).toEqual([0, 600, 1200]);
    throttle.shownIn(10_000);
    expect(throttle.interval).toBe(2000);
    throttle.shownIn(1);
    expect(throttle.interval).toBe(200);
  });

  it('sends nothing after dispose', () => {
    const { clock, sent, throttle } = setup();
    throttle.request();
    throttle.request();
    throttle.dispose();
    throttle.answered();
    clock.advance(5000);
    expect(sent).toEqual([0]);
  });
});
