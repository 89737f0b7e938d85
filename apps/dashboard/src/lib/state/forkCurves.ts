import type { SeriesPoint } from './seriesKeys.js';

/** Most points an overlaid curve keeps; longer histories are downsampled min/max per bucket. */
export const OVERLAY_MAX_POINTS = 1000;

/** A related session whose train loss is drawn dashed on this session's loss chart. */
export interface RelatedSession {
  id: string;
  label: string;
}

/** A related session's train-loss curve, ready to plot. */
export interface OverlayCurve extends RelatedSession {
  points: SeriesPoint[];
}

interface ListedSession {
  id: string;
  name: string;
  parentId: string | null;
  forkEpoch: number | null;
}

function toListed(raw: unknown): ListedSession | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== 'string') return null;
  return {
    id: r.id,
    name: typeof r.name === 'string' && r.name !== '' ? r.name : r.id,
    parentId: typeof r.parentId === 'string' ? r.parentId : null,
    forkEpoch: typeof r.forkEpoch === 'number' ? r.forkEpoch : null,
  };
}

/**
 * The sessions to overlay on session `id`, from an untrusted `GET /api/sessions` body: its parent, labelled
 * "parent @ epoch N", then its forks, labelled by name.
 */
export function relatedSessions(body: unknown, id: string): RelatedSession[] {
  if (!Array.isArray(body)) return [];
  const listed = body.map(toListed).filter((s): s is ListedSession => s !== null);
  const self = listed.find((s) => s.id === id);
  const related: RelatedSession[] = [];
  if (self?.parentId && listed.some((s) => s.id === self.parentId)) {
    related.push({ id: self.parentId, label: `parent @ epoch ${self.forkEpoch ?? '?'}` });
  }
  for (const s of listed) if (s.parentId === id) related.push({ id: s.id, label: s.name });
  return related;
}

/**
 * The train-loss points of a `metrics.csv` body (header row names the columns), at most `maxPoints`: a longer
 * curve keeps each bucket's lowest and highest point so spikes stay visible. Non-finite losses are skipped.
 */
export function trainLossFromCsv(csv: string, maxPoints = OVERLAY_MAX_POINTS): SeriesPoint[] {
  const lines = csv.split('\n');
  const header = (lines[0] ?? '').split(',');
  const epochCol = header.indexOf('epoch');
  const lossCol = header.indexOf('trainLoss');
  if (epochCol < 0 || lossCol < 0) return [];
  const points: SeriesPoint[] = [];
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split(',');
    const x = Number(cells[epochCol]);
    const y = cells[lossCol] === '' ? Number.NaN : Number(cells[lossCol]);
    if (Number.isFinite(x) && Number.isFinite(y)) points.push({ x, y });
  }
  return downsampleMinMax(points, maxPoints);
}

/** At most `maxPoints` points: per bucket, the lowest and highest, in epoch order. */
export function downsampleMinMax(points: SeriesPoint[], maxPoints: number): SeriesPoint[] {
  if (points.length <= maxPoints) return points;
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const out: SeriesPoint[] = [];
  for (let b = 0; b < buckets; b++) {
    const first = Math.floor((b * points.length) / buckets);
    const last = Math.floor(((b + 1) * points.length) / buckets);
    let lo = points[first]!;
    let hi = lo;
    for (let i = first + 1; i < last; i++) {
      const p = points[i]!;
      if (p.y < lo.y) lo = p;
      if (p.y > hi.y) hi = p;
    }
    if (lo === hi) out.push(lo);
    else if (lo.x < hi.x) out.push(lo, hi);
    else out.push(hi, lo);
  }
  return out;
}
