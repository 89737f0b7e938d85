import type { HistoryMessage } from '@liveprop/protocol';
import type { SeriesKey, SeriesPoint } from './metricHistory.js';

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
