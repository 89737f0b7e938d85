import { setImmediate as nextTurn } from 'node:timers/promises';
import type { HistoryMessage } from '@liveprop/protocol';
import { HistoryBucketer } from '../sessions/historyBuckets.js';
import { StoreReadError } from '../storage/storeErrors.js';
import type { Store, StoreResult } from '../storage/types.js';

/** Stored chunks bucketed between two turns of the event loop, so a long range never stalls other requests. */
const RUNS_PER_TURN = 16;

/**
 * Epochs `from..to` of a stored session in at most `points` min/max buckets, read a few chunks at a time: memory
 * stays at a few chunks whatever the history's length ([R23]).
 */
export async function downsampleStored(store: Store, id: string, from: number, to: number, points: number): Promise<StoreResult<HistoryMessage>> {
  const count = await store.countMetricsInRange(id, from, to);
  if (!count.ok) return count;
  const runs = await store.streamMetricRuns(id, from, to);
  if (!runs.ok) return runs;
  const bucketer = new HistoryBucketer(id, from, to, count.value, points);
  let n = 0;
  try {
    for await (const run of runs.value) {
      bucketer.add(run.columns, run.first, run.end);
      if (++n % RUNS_PER_TURN === 0) await nextTurn();
    }
  } catch (err) {
    if (err instanceof StoreReadError) return { ok: false, code: err.code, message: err.message };
    throw err;
  }
  return { ok: true, value: bucketer.finish() };
}
