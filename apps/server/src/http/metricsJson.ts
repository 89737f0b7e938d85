import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HistoryMessage, MetricsJson } from '@liveprop/protocol';
import type { SessionRegistry } from '../sessions/registry.js';
import { StoreRecorder } from '../sessions/storeRecorder.js';
import type { SendError } from './editSession.js';
import { parseMetricsQuery } from './metricsQuery.js';
import { downsampleStored } from './storedHistory.js';

/**
 * `GET /api/sessions/:id/metrics.json?points=N&from=E&to=E`: a chart-ready, downsampled metric history ([R23]).
 * Answered from the session's in-memory history when it still holds the range, else streamed from the store.
 */
export async function sendMetricsJson(
  req: IncomingMessage,
  res: ServerResponse,
  registry: SessionRegistry,
  id: string,
  sendError: SendError,
  sendJson: (res: ServerResponse, status: number, body: unknown) => void,
): Promise<void> {
  const query = parseMetricsQuery(req.url);
  if (!query.ok) return sendError(res, 400, query.code, query.message);
  const session = await registry.acquire(id);
  if (session === undefined) return sendError(res, 404, 'unknown_session', `no session with id "${id.slice(0, 64)}"`);
  const { points, from } = query.value;
  const history = session.history;
  const lastEpoch = history.lastEpoch;
  const to = Math.min(query.value.to ?? Number.MAX_SAFE_INTEGER, Math.max(lastEpoch, from));
  const recorder = registry.recorder;
  let body: HistoryMessage;
  if (history.holdsFrom(from) || !(recorder instanceof StoreRecorder)) {
    body = history.downsample(id, from, to, points);
  } else {
    const stored = await downsampleStored(recorder.store, id, from, to, points);
    if (!stored.ok) return sendError(res, 500, stored.code, stored.message);
    body = stored.value;
  }
  const reply: MetricsJson = { ...body, epochs: history.count + history.droppedCount, lastEpoch };
  sendJson(res, 200, reply);
}
