import type { HistoryMessage } from '@liveprop/protocol';
import type { SeriesSummary } from './metricHistory.js';
import { SERIES_KEYS, type SeriesKey, type SeriesPoint } from './seriesKeys.js';

/** Points of one series from a `history` answer: a full-resolution range gives one point per epoch, buckets give min and max. */
export function historyPoints(history: HistoryMessage, key: SeriesKey): SeriesPoint[] {
  const { min, max } = history.series[key];
  const out: SeriesPoint[] = [];
  for (let i = 0; i < history.start.length; i++) {
    const lo = min[i];
    const hi = max[i];
    const start = history.start[i]!;
    const end = history.end[i]!;
    if (lo === null || lo === undefined || hi === null || hi === undefined) continue;
    if (start === end || lo === hi) out.push({ x: start, y: lo });
    else out.push({ x: start, y: lo }, { x: end, y: hi });
  }
  return out;
}

/** Each bucket of a `history` answer as a summary the client's MetricHistory can hold. */
export function historySummaries(history: HistoryMessage): SeriesSummary[] {
  const out: SeriesSummary[] = [];
  for (let i = 0; i < history.start.length; i++) {
    const series = {} as SeriesSummary['series'];
    for (const key of SERIES_KEYS) {
      series[key] = { min: history.series[key].min[i] ?? null, max: history.series[key].max[i] ?? null };
    }
    out.push({ from: history.start[i]!, to: history.end[i]!, count: history.end[i]! - history.start[i]! + 1, series });
  }
  return out;
}
