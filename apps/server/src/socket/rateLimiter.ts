/**
 * Token bucket per connection ([R7]): `perSecond` tokens refill continuously up to `burst`. Frames refused while the
 * bucket is empty count as strikes; `strikes` returns to 0 once the bucket has refilled completely.
 */
export class TokenBucket {
  private tokens: number;
  private at: number;
  strikes = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now = performance.now(),
  ) {
    this.tokens = burst;
    this.at = now;
  }

  /** Takes one token; `false` when the bucket is empty (and counts a strike). */
  take(now = performance.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) * this.perSecond) / 1000);
    this.at = now;
    if (this.tokens >= this.burst) this.strikes = 0;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    this.strikes++;
    return false;
  }
}
