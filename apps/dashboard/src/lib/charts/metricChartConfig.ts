import type { Chart, ChartConfiguration } from 'chart.js';
import { formatMetric, formatTick } from '../state/format.js';
import type { SeriesKey, SeriesPoint } from '../state/seriesKeys.js';

/** One line on a metric chart. */
export interface SeriesSpec {
  key: SeriesKey;
  label: string;
  color: string;
}

export interface MetricChartOptions {
  series: readonly SeriesSpec[];
  /** Values are fractions shown as percentages. */
  percent: boolean;
  /** Read at draw time: the log toggle changes without rebuilding the chart. */
  isLog: () => boolean;
  /** After a zoom or pan, with the chart's new x range. */
  onRangeChanged: (chart: Chart) => void;
}

/**
 * A live metric chart: no animation, pre-parsed `{x, y}` points (what the decimation plugin needs), min-max
 * decimation, drag-to-zoom and shift-drag pan on x, annotation lines for change markers.
 */
export function metricChartConfig({ series, percent, isLog, onRangeChanged }: MetricChartOptions): ChartConfiguration<'line', SeriesPoint[]> {
  return {
    type: 'line',
    data: {
      datasets: series.map((s) => ({
        label: s.label,
        data: [],
        borderColor: s.color,
        backgroundColor: s.color,
        borderWidth: 1.5,
        pointRadius: 0,
        tension: 0,
        spanGaps: true,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: 'linear',
          title: { display: true, text: 'epoch' },
          ticks: { maxTicksLimit: 8, precision: 0 },
        },
        y: {
          type: 'linear',
          ticks: {
            maxTicksLimit: 6,
            // Log axes label only powers of ten; linear axes use the short metric format.
            callback: (value) => {
              const v = Number(value);
              if (isLog() && Math.abs(Math.log10(v) - Math.round(Math.log10(v))) > 1e-9) return '';
              return formatTick(v);
            },
          },
        },
      },
      plugins: {
        legend: { labels: { boxWidth: 12, boxHeight: 2 } },
        decimation: { enabled: true, algorithm: 'min-max' },
        tooltip: {
          enabled: true,
          callbacks: {
            title: (items) => `epoch ${items[0]?.parsed.x ?? ''}`,
            label: (item) => `${item.dataset.label}: ${formatMetric(item.parsed.y)}${percent ? '%' : ''}`,
          },
        },
        annotation: { annotations: {} },
        zoom: {
          limits: { x: { min: 'original', max: 'original' } },
          pan: { enabled: true, mode: 'x', modifierKey: 'shift', onPanComplete: ({ chart }) => onRangeChanged(chart) },
          zoom: {
            mode: 'x',
            wheel: { enabled: true, modifierKey: 'ctrl' },
            drag: { enabled: true, backgroundColor: 'rgba(78, 168, 255, 0.15)' },
            onZoomComplete: ({ chart }) => onRangeChanged(chart),
          },
        },
      },
    },
  };
}
