/**
 * The `Store` calls on a session's metric history: append, range reads and counts, truncate, CSV export.
 */
import { countEpochsInRange, epochRangeRuns } from './metricsRange.js';
import { failuresAsReadErrors, metricsCsvLines, readEpochRange } from './metricsRead.js';
import { insertEpochs, truncateEpochsAfter, validateEpochs } from './metricsWrite.js';
import type { StoreContext } from './storeContext.js';
import { failure, success } from './storeErrors.js';
import type { SyncCalls } from './syncCalls.js';
import type { EpochBatch } from '@liveprop/core';
import type { StoreResult } from './types.js';

export type MetricCalls = Pick<
  SyncCalls,
  | 'appendMetrics'
  | 'readMetrics'
  | 'metricsCount'
  | 'countMetricsInRange'
  | 'streamMetricRuns'
  | 'lastMetricsEpoch'
  | 'truncateMetricsAfter'
  | 'streamMetricsCsv'
>;

function rangeProblem(from: number, to: number): StoreResult<never> | null {
  if (typeof from !== 'number' || typeof to !== 'number' || Number.isNaN(from) || Number.isNaN(to)) {
    return failure('invalid', `expected a numeric epoch range, got ${String(from)}..${String(to)}`);
  }
  return null;
}

export function metricCalls(ctx: StoreContext): MetricCalls {
  const { db, stmts, compress } = ctx;
  const isOpen = (): boolean => db.open;
  const appendTx = db.transaction((id: string, epochs: EpochBatch): StoreResult<void> => {
    const last = stmts.lastChunk.get(id);
    const valid = validateEpochs(epochs, last === undefined ? null : last.last_epoch);
    if (!valid.ok) return valid;
    insertEpochs(stmts, id, valid.value, compress);
    return success(undefined);
  });
  /** A call on epochs `from..to`: a bad range is refused before the session is looked up. */
  const onRange = <T>(what: string, id: string, from: number, to: number, body: () => StoreResult<T>): StoreResult<T> =>
    ctx.guard(what, id, () => rangeProblem(from, to) ?? ctx.withSession(id, body));

  return {
    appendMetrics(id, epochs) {
      return ctx.guard(`append metrics to session ${id}`, id, () =>
        ctx.withOwnedSession(id, () => (epochs.length === 0 ? success(undefined) : appendTx(id, epochs))),
      );
    },

    readMetrics(id, from, to) {
      return onRange(`read metrics of session ${id}`, id, from, to, () => success(readEpochRange(stmts, id, from, to)));
    },

    metricsCount(id) {
      return ctx.guard(`count metrics of session ${id}`, id, () =>
        ctx.withSession(id, () => success(stmts.metricsCount.get(id) ?? 0)),
      );
    },

    countMetricsInRange(id, from, to) {
      return onRange(`count metrics of session ${id}`, id, from, to, () => success(countEpochsInRange(stmts, id, from, to)));
    },

    streamMetricRuns(id, from, to) {
      const what = `read metrics of session ${id}`;
      return onRange(what, id, from, to, () => success(failuresAsReadErrors(epochRangeRuns(stmts, id, from, to), isOpen, what)));
    },

    lastMetricsEpoch(id) {
      return ctx.guard(`read last epoch of session ${id}`, id, () =>
        ctx.withSession(id, () => success(stmts.lastChunk.get(id)?.last_epoch ?? null)),
      );
    },

    truncateMetricsAfter(id, epoch) {
      return ctx.guard(`truncate metrics of session ${id}`, id, () => {
        if (!Number.isSafeInteger(epoch)) return failure('invalid', `expected an integer epoch to truncate after, got ${epoch}`);
        return ctx.withOwnedSession(id, () => success(db.transaction(() => truncateEpochsAfter(stmts, id, epoch, compress))()));
      });
    },

    streamMetricsCsv(id) {
      const what = `export metrics of session ${id}`;
      return ctx.guard(what, id, () =>
        ctx.withSession(id, () => success(failuresAsReadErrors(metricsCsvLines(stmts, id), isOpen, what))),
      );
    },
  };
}
