import type { IncomingMessage, ServerResponse } from 'node:http';
import { LIMITS, type ChangeApplied, type DatasetConfig } from '@liveprop/core';
import { displayNameSchema, type DatasetUploaded } from '@liveprop/protocol';
import type { SessionRegistry } from '../sessions/registry.js';
import { authorize, type SendError } from './editSession.js';

type SendJson = (res: ServerResponse, status: number, body: unknown) => void;

const MIB = 1024 * 1024;
/** Who the event names when the request does not say (`X-Liveprop-Name`). */
const DEFAULT_AUTHOR = 'an editor';

/** Reads the body chunk by chunk up to `maxBytes`; null (after answering 413) when it is larger. */
function readCsvBody(req: IncomingMessage, res: ServerResponse, maxBytes: number, sendError: SendError): Promise<Buffer | null> {
  const tooLarge = (): null => {
    res.setHeader('connection', 'close');
    sendError(res, 413, 'too_large', `the CSV is larger than the ${maxBytes / MIB} MiB limit (LIMITS.maxCsvBytes)`);
    // Read the rest and drop it, so the client gets the answer instead of a reset connection.
    req.resume();
    return null;
  };
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > maxBytes) return Promise.resolve(tooLarge());
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (value: Buffer | null): void => {
      if (done) return;
      done = true;
      resolve(value);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.byteLength;
      if (size > maxBytes) return finish(tooLarge());
      chunks.push(chunk);
    });
    req.on('end', () => finish(Buffer.concat(chunks, size)));
    req.on('error', () => finish(null));
  });
}

/**
 * `POST /api/sessions/:id/dataset` with a CSV body and the edit token ([R37]); `requestGuard` has already checked
 * its Origin and `Content-Type: text/csv`. The
 * session's worker parses it; only a CSV that parses replaces the session's dataset, announced as a `dataset` event.
 */
export async function uploadCsv(req: IncomingMessage, res: ServerResponse, registry: SessionRegistry, id: string, sendError: SendError, sendJson: SendJson): Promise<void> {
  const session = await authorize(req, res, registry, id, sendError);
  if (session === null) return void req.resume();
  const body = await readCsvBody(req, res, LIMITS.maxCsvBytes, sendError);
  if (body === null) return;
  let csv: string;
  try {
    csv = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return sendError(res, 400, 'csv_not_utf8', 'the CSV is not UTF-8 text');
  }
  const { csv: _old, fixed: _fixed, ...current } = session.config.dataset;
  const value: DatasetConfig = { ...current, kind: 'csv', csv };
  // A hibernated session wakes for it ([R38]); at the worker cap the upload is refused like a play.
  const asked = await registry.withWorker(session, () => session.workerHandle.request({ kind: 'change', change: { what: 'dataset', value } }));
  if (!asked.ok) return sendError(res, asked.code === 'busy' ? 503 : 500, asked.code, asked.message);
  const reply = asked.value;
  if (!reply.result.ok) {
    const { code, message } = reply.result;
    const status = code === 'internal' ? 500 : code === 'diverged' ? 409 : 400;
    return sendError(res, status, code, message.replace(/^change\.value: /, ''));
  }
  const named = displayNameSchema.safeParse(req.headers['x-liveprop-name']);
  const applied = reply.result.value as ChangeApplied;
  session.publishEvent(named.success ? named.data : DEFAULT_AUTHOR, 'dataset', applied.from, applied.to);
  session.adoptPoints(reply);
  session.publishStatusIfChanged(named.success ? named.data : DEFAULT_AUTHOR);
  const answer: DatasetUploaded = { bytes: body.byteLength, config: session.config };
  sendJson(res, 200, answer);
  // The store's checkpoint is what brings the CSV back after a restart: the reported config leaves the text out.
  await session.saveCheckpoint();
}
