import type { IncomingMessage, ServerResponse } from 'node:http';
import { csvLines, type MetricHistory } from '../sessions/metricHistory.js';
import type { SessionRegistry } from '../sessions/registry.js';
import { StoreRecorder } from '../sessions/storeRecorder.js';
import { METRICS_CSV_HEADER } from '../storage/metricsRead.js';
import { StoreReadError } from '../storage/storeErrors.js';
import type { Store } from '../storage/types.js';
import type { SendError } from './editSession.js';
import { parseCsvQuery, type EpochRange } from './metricsQuery.js';

/**
 * Epochs `from..to` of a session as CSV, header first: those its in-memory history dropped (past its cap) streamed
 * from the store a few chunks at a time, then the ones it holds. Memory stays bounded whatever the length.
 * A store failure mid-way throws a {@link StoreReadError}.
 */
export async function* metricsCsv(history: MetricHistory, store: Store | null, id: string, range: EpochRange = { from: 0, to: null }): AsyncGenerator<string> {
  yield METRICS_CSV_HEADER;
  const to = range.to ?? Number.MAX_SAFE_INTEGER;
  const storedTo = Math.min(to, history.firstEpoch - 1);
  if (!history.holdsFrom(range.from) && store !== null && storedTo >= range.from) {
    const runs = await store.streamMetricRuns(id, range.from, storedTo);
    if (!runs.ok) throw new StoreReadError(runs.code, runs.message);
    for await (const run of runs.value) yield csvLines(run.columns, run.first, run.end);
  }
  yield* history.csvChunks(range.from, to);
}

/** Resolves once `res` can take more, or is closed (a client that hung up mid-download). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * `GET /api/sessions/:id/metrics.csv?from=E&to=E`: streamed with backpressure; a failure after the header cuts the
 * download.
 */
export async function sendMetricsCsv(req: IncomingMessage, res: ServerResponse, registry: SessionRegistry, id: string, sendError: SendError): Promise<void> {
  const range = parseCsvQuery(req.url);
  if (!range.ok) return sendError(res, 400, range.code, range.message);
  const session = await registry.acquire(id);
  if (session === undefined) return sendError(res, 404, 'unknown_session', `no session with id "${id.slice(0, 64)}"`);
  const recorder = registry.recorder;
  const lines = metricsCsv(session.history, recorder instanceof StoreRecorder ? recorder.store : null, id, range.value);
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${id}.metrics.csv"`,
    'cache-control': 'no-store',
  });
  try {
    for await (const chunk of lines) {
      if (!res.write(chunk)) await drained(res);
      if (res.destroyed) return;
    }
    res.end();
  } catch (err) {
    if (!(err instanceof StoreReadError)) throw err;
    res.destroy(err);
  }
}
