import { relatedSessions, trainLossFromCsv, type OverlayCurve } from './forkCurves.js';

/**
 * The train-loss curves of a session's parent and forks, fetched over REST and refreshed every few seconds while the
 * page is visible, for the dashed overlay on the loss chart.
 */
export class ForkOverlay {
  curves: OverlayCurve[] = $state.raw([]);
  private timer: ReturnType<typeof setInterval> | null = null;
  private busy = false;

  constructor(private readonly sessionId: string) {}

  start(pollMs = 3000): void {
    void this.refresh();
    this.timer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.refresh();
    }, pollMs);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Fetches the related sessions and their curves now; a failed fetch keeps the previous curves. */
  async refresh(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const list = await fetch('/api/sessions');
      if (!list.ok) return;
      const related = relatedSessions(await list.json(), this.sessionId);
      const curves: OverlayCurve[] = [];
      for (const r of related) {
        const res = await fetch(`/api/sessions/${encodeURIComponent(r.id)}/metrics.csv`);
        if (res.ok) curves.push({ ...r, points: trainLossFromCsv(await res.text()) });
      }
      this.curves = curves;
    } catch {
      // Offline or the server restarting: the next poll tries again.
    } finally {
      this.busy = false;
    }
  }
}
