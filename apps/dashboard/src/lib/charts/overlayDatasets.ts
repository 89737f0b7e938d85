import type { ChartDataset } from 'chart.js';
import type { OverlayCurve } from '../state/forkCurves.js';
import type { SeriesPoint } from '../state/seriesKeys.js';

/** Colours of overlaid parent/fork curves, apart from the train/test/learning-rate series colours. */
const OVERLAY_COLORS = ['#7ee081', '#ff6b9a', '#e8e86b', '#5fd3d3', '#c9a0ff'] as const;

/** Dashed, thin line datasets for related sessions' train loss, drawn behind this session's own series. */
export function overlayDatasets(curves: readonly OverlayCurve[]): ChartDataset<'line', SeriesPoint[]>[] {
  return curves.map((c, i) => {
    const color = OVERLAY_COLORS[i % OVERLAY_COLORS.length]!;
    return {
      label: c.label,
      data: c.points,
      borderColor: color,
      backgroundColor: color,
      borderWidth: 1.25,
      borderDash: [5, 4],
      pointRadius: 0,
      tension: 0,
      spanGaps: true,
      order: 1,
    };
  });
}
