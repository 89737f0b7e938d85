/**
 * The REST API's payloads ([R21]–[R24]): one schema per request body and response, used by the server to read
 * requests and by the dashboard to read answers, as WebSocket frames are. A config inside a request is checked by
 * core's validator, the source `experimentConfigSchema` is tested against.
 */
import { z } from 'zod';
import { activationSchema, experimentConfigSchema } from './configSchema.js';
import { describeIssue, findUnknownKey } from './schemaIssue.js';
import { historySchema, sessionStatusSchema } from './serverMessages.js';

/** Longest session name, after trimming ([R21]). */
export const MAX_SESSION_NAME = 100;
/** Fastest starting speed a create request may ask for, epochs per second (as the socket's `speed`). */
export const MAX_START_SPEED = 100_000;

const sessionName = z
  .string()
  .trim()
  .min(1, 'must not be empty after trimming')
  .max(MAX_SESSION_NAME, `must be at most ${MAX_SESSION_NAME} characters after trimming`);

/** Every error answer: `{error:{code, message}}` beside an HTTP status. */
export const restErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/**
 * `POST /api/sessions`: a preset or a config, optionally a model's shape and weights, a name and a starting speed.
 * Closed, as every request body ([R41]); `config` and `model` are core's to check, see {@link parseCreateSessionRequest}.
 */
export const createSessionRequestSchema = z.strictObject({
  preset: z.string().optional(),
  config: z.unknown().optional(),
  model: z.unknown().optional(),
  name: z.string().min(1, 'must not be empty').max(MAX_SESSION_NAME, `must be at most ${MAX_SESSION_NAME} characters`).optional(),
  speed: z.number().gt(0).max(MAX_START_SPEED).nullable().optional(),
});

/** What creating or forking a session answers: the links, the edit link shown once. */
export const sessionLinksSchema = z.object({ id: z.string(), editUrl: z.string(), viewUrl: z.string() });

/** `PATCH /api/sessions/:id`. */
export const renameRequestSchema = z.strictObject({ name: sessionName });

/** `POST /api/sessions/:id/fork`: an empty body or `{}` keeps a generated name. */
export const forkRequestSchema = z.strictObject({ name: sessionName.optional() });
export const forkedSessionSchema = sessionLinksSchema.extend({ parentId: z.string(), forkEpoch: z.number().int().min(0) });

/** One lobby row of `GET /api/sessions`. */
export const sessionSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  epoch: z.number().int().min(0),
  status: sessionStatusSchema,
  viewers: z.number().int().min(0),
  /** Unix milliseconds. */
  createdAt: z.number(),
  parentId: z.string().nullable(),
  forkEpoch: z.number().int().min(0).nullable(),
  /** The session holds no worker thread now; a play, step, change or trace wakes it ([R39]). Absent in a cluster's lobby. */
  hibernated: z.boolean().optional(),
});
export const sessionListSchema = z.array(sessionSummarySchema);

/** Longest session id a request names, as `join`'s `sessionId`. */
export const MAX_SESSION_ID_LENGTH = 64;

/**
 * `GET /api/sessions?related=<id>` ([R38]): session `id`, its parent and its forks, wherever they are in the lobby's
 * pages — what a session page overlays on its loss chart.
 */
export const relatedQuerySchema = z.object({
  related: z.string().min(1, 'must be a session id, not empty').max(MAX_SESSION_ID_LENGTH, `must be a session id of at most ${MAX_SESSION_ID_LENGTH} characters`),
});

/** `GET /api/sessions/:id/metrics.json`: a `history` frame plus the size of the whole history ([R23]). */
export const metricsJsonSchema = historySchema.extend({
  /** Epochs the session's whole history holds. */
  epochs: z.number().int().min(0),
  /** Its last epoch, or -1 when it has none. */
  lastEpoch: z.number().int().min(-1),
});

/** `GET /api/sessions/:id/model.json` ([R24]); core's `parseModel` is the full check of an imported one. */
export const modelJsonSchema = z.strictObject({
  format: z.literal('liveprop.model/1'),
  layers: z.array(
    z.strictObject({
      inputs: z.number().int().min(1),
      outputs: z.number().int().min(1),
      activation: activationSchema,
      weights: z.array(z.array(z.number())),
      bias: z.array(z.number()),
      biasMode: z.enum(['perNeuron', 'shared', 'none']).optional(),
      biasTrainable: z.boolean().optional(),
    }),
  ),
});

/** `POST /api/sessions/:id/dataset` ([R37]): the bytes read and the config now trained, without the CSV text. */
export const datasetUploadedSchema = z.object({ bytes: z.number().int().min(0), config: experimentConfigSchema });

export type RestError = z.infer<typeof restErrorSchema>;
export type CreateSessionRequest = z.infer<typeof createSessionRequestSchema>;
export type SessionLinks = z.infer<typeof sessionLinksSchema>;
export type RenameRequest = z.infer<typeof renameRequestSchema>;
export type ForkRequest = z.infer<typeof forkRequestSchema>;
export type ForkedSession = z.infer<typeof forkedSessionSchema>;
export type SessionSummary = z.infer<typeof sessionSummarySchema>;
export type MetricsJson = z.infer<typeof metricsJsonSchema>;
export type DatasetUploaded = z.infer<typeof datasetUploadedSchema>;

/** A payload's schema, for code that reads payloads without depending on zod itself. */
export type RestSchema<T> = z.ZodType<T>;
export type RestResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/**
 * Reads an untrusted payload with `schema`; the failure names the first wrong field and what it must be, with
 * `code` (each endpoint keeps the code its SPEC rule names), or `invalid_field` for a key the schema does not name ([R41]).
 */
export function parseRest<T>(schema: RestSchema<T>, value: unknown, code: string): RestResult<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = describeIssue(schema, parsed.error);
  if (issue.unknownKey) return { ok: false, code: 'invalid_field', message: issue.message };
  return { ok: false, code, message: `${issue.path === '' ? 'the body' : `"${issue.path}"`}: ${issue.message}` };
}

/** The create request with its config and model closed too, read only for unknown keys: core checks their values. */
const createSessionKeysSchema = createSessionRequestSchema.extend({
  config: experimentConfigSchema.optional(),
  model: modelJsonSchema.optional(),
});

/**
 * Reads a `POST /api/sessions` body: first any key it, its `config` or its `model` does not name, at any depth ([R41]),
 * then its own fields; `{"preset":"spiral","network":{…}}` is refused saying `network` belongs in `config`.
 */
export function parseCreateSessionRequest(value: unknown): RestResult<CreateSessionRequest> {
  const unknown = findUnknownKey(createSessionKeysSchema, value);
  if (unknown !== null) return { ok: false, code: 'invalid_field', message: unknown.message };
  return parseRest(createSessionRequestSchema, value, 'invalid_field');
}
