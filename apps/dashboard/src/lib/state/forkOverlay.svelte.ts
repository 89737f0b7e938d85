import { overlayPointsFor, overlayUrl, relatedSessions, relatedUrl, trainLossFromMetricsJson, type OverlayCurve } from './forkCurves.js';

/**
 * The train-loss curves of a session's parent and forks, for the dashed overlay on the loss chart. Every few seconds
 * while the page is visible it reads the session's family from the lobby (`?related=`, [R38]) and refetches, downsampled to about the chart's width ([R23]),
 * only the curves whose session moved to another epoch since the last fetch.
 */
export class ForkOverlay {
  curves: OverlayCurve[] = $state.raw([]);
  private timer: ReturnType<typeof setInterval> | null = null;
  private busy = false;

  /** `chartWidth` answers the loss chart's width in pixels, when it is on the page. */
  constructor(
    private readonly sessionId: string,
    private readonly chartWidth: () => number | undefined = () => document.querySelector('[data-testid="loss-chart"]')?.clientWidth,
  ) {}

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

  /** Updates the curves now; a failed fetch keeps that session's previous curve. */
  async refresh(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const list = await fetch(relatedUrl(this.sessionId));
      if (!list.ok) return;
      const related = relatedSessions(await list.json(), this.sessionId);
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup table, never rendered.
      const previous = new Map(this.curves.map((c) => [c.id, c]));
      const points = overlayPointsFor(this.chartWidth());
      const curves: OverlayCurve[] = [];
      let changed = related.length !== this.curves.length;
      for (const r of related) {
        const known = previous.get(r.id);
        if (known !== undefined && known.epoch === r.epoch) {
          if (known.label !== r.label) changed = true;
          curves.push(known.label === r.label ? known : { ...known, label: r.label });
          continue;
        }
        changed = true;
        const res = await fetch(overlayUrl(r.id, points));
        const fetched = res.ok ? trainLossFromMetricsJson(await res.json()) : null;
        if (fetched !== null) curves.push({ ...r, points: fetched });
        else if (known !== undefined) curves.push({ ...known, label: r.label });
      }
      // Unchanged curves keep the same array, so the chart is not redrawn for nothing.
      if (changed) this.curves = curves;
    } catch {
      // Offline or the server restarting: the next poll tries again.
    } finally {
      this.busy = false;
    }
  }
}
