import type { EpochMetrics } from '@liveprop/core';

/** Reports training progress: a redrawn bar on a terminal, periodic lines in a log, nothing for `--json`. */
export interface TrainProgress {
  update(metrics: EpochMetrics): void;
  finish(): void;
}

/** Minimum time between bar redraws. */
const REDRAW_MS = 100;
const BAR_WIDTH = 30;

function formatLoss(loss: number): string {
  return Number.isFinite(loss) ? loss.toPrecision(4) : String(loss);
}

function describe(m: EpochMetrics, total: number): string {
  const accuracy = m.trainAccuracy === null ? '' : ` accuracy ${(100 * m.trainAccuracy).toFixed(1)}%`;
  const test = Number.isNaN(m.testLoss) ? '' : ` test loss ${formatLoss(m.testLoss)}`;
  return `epoch ${m.epoch}/${total} loss ${formatLoss(m.trainLoss)}${accuracy}${test}`;
}

/** A progress reporter writing to `out`; `mode` picks the bar, plain lines (about ten per run) or silence. */
export function createProgress(out: NodeJS.WritableStream, mode: 'bar' | 'lines' | 'none', total: number): TrainProgress {
  if (mode === 'none') return { update() {}, finish() {} };
  if (mode === 'lines') {
    const every = Math.max(1, Math.ceil(total / 10));
    return {
      update(m) {
        if (m.epoch % every === 0 || m.epoch === total) out.write(`${describe(m, total)}\n`);
      },
      finish() {},
    };
  }
  let lastDraw = -Infinity;
  let last: EpochMetrics | null = null;
  let drawnWidth = 0;
  const draw = (m: EpochMetrics): void => {
    const filled = total === 0 ? BAR_WIDTH : Math.round((BAR_WIDTH * m.epoch) / total);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${describe(m, total)}`;
    out.write(`\r${line.padEnd(drawnWidth)}`);
    drawnWidth = line.length;
    lastDraw = performance.now();
  };
  return {
    update(m) {
      last = m;
      if (performance.now() - lastDraw >= REDRAW_MS) draw(m);
    },
    finish() {
      if (last) {
        draw(last);
        out.write('\n');
      }
    },
  };
}
