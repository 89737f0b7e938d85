import { metricsJsonSchema, sessionListSchema, type HistoryMessage } from '@liveprop/protocol';
import type { SeriesPoint } from './seriesKeys.js';

/** Rows asked of `metrics.json` when the chart's width is unknown; the server caps requests at 5000 ([R23]). */
export const OVERLAY_DEFAULT_POINTS = 1000;
const OVERLAY_MAX_POINTS = 5000;

/** A related session whose train loss is drawn dashed on this session's loss chart. */
export interface RelatedSession {
  id: string;
  label: string;
  /** Its epoch as the lobby list reported it: the curve is refetched only when this changes. */
  epoch: number;
}

/** A related session's train-loss curve, ready to plot. */
export interface OverlayCurve extends RelatedSession {
  points: SeriesPoint[];
}

/**
 * The sessions to overlay on session `id`, from an untrusted `GET /api/sessions` body: its parent, labelled
 * "parent @ epoch N", then its forks, labelled by name.
 */
export function relatedSessions(body: unknown, id: string): RelatedSession[] {
  const parsed = sessionListSchema.safeParse(body);
  if (!parsed.success) return [];
  const listed = parsed.data;
  const self = listed.find((s) => s.id === id);
  const related: RelatedSession[] = [];
  const parent = self?.parentId ? listed.find((s) => s.id === self.parentId) : undefined;
  if (parent) related.push({ id: parent.id, label: `parent @ epoch ${self?.forkEpoch ?? '?'}`, epoch: parent.epoch });
  for (const s of listed) if (s.parentId === id) related.push({ id: s.id, label: s.name, epoch: s.epoch });
  return related;
}

/** The lobby rows of session `id`'s family ([R38]): itself, its parent and its forks, wherever they are in the lobby. */
export function relatedUrl(id: string): string {
  return `/api/sessions?related=${encodeURIComponent(id)}&limit=1000`;
}

/** How many rows to ask `metrics.json` for: about one per pixel of the chart. */
export function overlayPointsFor(chartWidth: number | undefined): number {
  if (chartWidth === undefined || !Number.isFinite(chartWidth) || chartWidth <= 0) return OVERLAY_DEFAULT_POINTS;
  return Math.min(OVERLAY_MAX_POINTS, Math.max(50, Math.round(chartWidth)));
}

/** The `metrics.json` URL of a related session's curve at `points` rows ([R23]). */
export function overlayUrl(id: string, points: number): string {
  return `/api/sessions/${encodeURIComponent(id)}/metrics.json?points=${points}`;
}

/**
 * The train-loss points of a `metrics.json` body ([R23], validated with protocol's schema), or null when the
 * body is not one. A bucket becomes its min and max, ordered to follow the curve's direction (max first while the
 * lower envelope falls), so a falling curve stays a line instead of a saw while a spike still shows at full height.
 * Non-finite losses (sent as null) are skipped.
 */
export function trainLossFromMetricsJson(body: unknown): SeriesPoint[] | null {
  const parsed = metricsJsonSchema.safeParse(body);
  return parsed.success ? envelopePoints(parsed.data) : null;
}

function envelopePoints(history: HistoryMessage): SeriesPoint[] {
  const { min, max } = history.series.trainLoss;
  const low = (i: number): number => min[i] ?? Number.NaN;
  const out: SeriesPoint[] = [];
  let previousLow = Number.NaN;
  for (let i = 0; i < history.start.length; i++) {
    const lo = min[i];
    const hi = max[i];
    if (lo === null || lo === undefined || hi === null || hi === undefined) continue;
    const start = history.start[i]!;
    const end = history.end[i]!;
    // The lower envelope tells the direction; a spike only lifts the max.
    const falling = Number.isNaN(previousLow) ? low(i + 1) < lo : lo < previousLow;
    if (start === end || lo === hi) out.push({ x: start, y: lo });
    else if (falling) out.push({ x: start, y: hi }, { x: end, y: lo });
    else out.push({ x: start, y: lo }, { x: end, y: hi });
    previousLow = lo;
  }
  return out;
}
