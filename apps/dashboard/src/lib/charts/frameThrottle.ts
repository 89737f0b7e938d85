/**
 * Runs `draw` on an animation frame, at most once per `minIntervalMs`, however often `request` is called:
 * live data can arrive hundreds of times a second, a chart only needs redrawing at display-friendly rates.
 */
export class FrameThrottle {
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private last = -Infinity;

  constructor(
    private readonly draw: () => void,
    private readonly minIntervalMs = 66,
  ) {}

  request(): void {
    if (this.frame !== 0 || this.timer !== null) return;
    const wait = this.last + this.minIntervalMs - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.request();
      }, wait);
      return;
    }
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.last = performance.now();
      this.draw();
    });
  }

  cancel(): void {
    cancelAnimationFrame(this.frame);
    if (this.timer !== null) clearTimeout(this.timer);
    this.frame = 0;
    this.timer = null;
  }
}
