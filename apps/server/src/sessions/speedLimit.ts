/**
 * A training speed limit in epochs per second: an allowance that refills at that rate, capped at one tick's worth (at
 * least one epoch) so a slow start or a stall never turns into a burst.
 */
export class SpeedLimit {
  private speed: number | null = null;
  private allowance = 0;
  private allowanceAt = 0;

  constructor(private readonly tickMs: number) {}

  /** The limit, or `null` when unlimited. */
  get epochsPerSecond(): number | null {
    return this.speed;
  }

  /** Sets the limit (`null`: unlimited) and restarts the allowance. */
  set(epochsPerSecond: number | null): void {
    this.speed = epochsPerSecond;
    this.restart();
  }

  /** Empties the allowance and refills it from now, as when training starts. */
  restart(): void {
    this.allowance = 0;
    this.allowanceAt = performance.now();
  }

  /** How many of `max` epochs may train now; when none, wait {@link SpeedLimit.waitMs}. */
  allowed(max: number): number {
    const speed = this.speed;
    if (speed === null) return max;
    const now = performance.now();
    const cap = Math.max(1, (speed * this.tickMs) / 1000);
    this.allowance = Math.min(cap, this.allowance + ((now - this.allowanceAt) * speed) / 1000);
    this.allowanceAt = now;
    return Math.min(max, Math.floor(this.allowance));
  }

  /** Ms until one more epoch is allowed (0 when unlimited). */
  waitMs(): number {
    return this.speed === null ? 0 : ((1 - this.allowance) * 1000) / this.speed;
  }

  /** Counts epochs trained against the allowance. */
  spend(epochs: number): void {
    this.allowance -= epochs;
  }
}
