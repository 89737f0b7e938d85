import {
  Chart,
  Decimation,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import annotationPlugin from 'chartjs-plugin-annotation';
import zoomPlugin from 'chartjs-plugin-zoom';

let registered = false;

/** Registers only the Chart.js pieces the dashboard uses (keeps the bundle small); safe to call repeatedly. */
export function registerCharts(): typeof Chart {
  if (!registered) {
    Chart.register(
      LineController,
      LineElement,
      PointElement,
      LinearScale,
      LogarithmicScale,
      Tooltip,
      Legend,
      Filler,
      Decimation,
      annotationPlugin,
      zoomPlugin,
    );
    Chart.defaults.color = '#c9d1d9';
    Chart.defaults.borderColor = 'rgba(201, 209, 217, 0.12)';
    Chart.defaults.font.family = 'system-ui, sans-serif';
    registered = true;
  }
  return Chart;
}
