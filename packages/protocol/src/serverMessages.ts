import { z } from 'zod';
import { ERROR_CODES } from './codes.js';
import { experimentConfigSchema } from './configSchema.js';
import { byMetric, METRIC_COLUMNS, METRIC_SERIES } from './metricNames.js';
import type { WireSnapshot } from './snapshotTypes.js';
import { stepTraceSchema, traceTargetSchema } from './traceSchema.js';

const seq = z.number().int().min(0);
const streamId = z.string().min(1);
/** JSON has no NaN or Infinity: a non-finite value travels as `null`. */
const maybeNumber = z.number().nullable();

export const roleSchema = z.enum(['editor', 'viewer']);
export const sessionStatusSchema = z.enum(['running', 'paused', 'diverged']);

export const viewerSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** CSS colour, `#rrggbb`. */
  colour: z.string(),
  role: roleSchema,
});

/** What a layer or activation edit did to the network's outputs on the data ([R36]). */
export const outputEffectSchema = z.object({
  kind: z.enum(['exact', 'approximate', 'changes']),
  maxChange: maybeNumber,
  lossBefore: maybeNumber,
  lossAfter: maybeNumber,
});

/** One kept event: an accepted change, reset, rollback or divergence ([R10]). */
export const sessionEventSchema = z.object({
  seq,
  epoch: z.number().int().min(0),
  /** Display name of who caused it; `system` for divergence. */
  by: z.string(),
  what: z.string(),
  from: z.unknown(),
  to: z.unknown(),
  /** For layer and activation edits: whether the outputs stayed the same. */
  output: outputEffectSchema.optional(),
  /** Unix milliseconds. */
  at: z.number(),
  /** The author's colour when the event was made (absent for system events and older history). */
  colour: z.string().optional(),
});

/** Per-epoch metrics as columns, one entry per epoch, in epoch order ([R8]). */
export const metricColumnsSchema = z.object({
  ...byMetric(METRIC_COLUMNS, () => z.array(maybeNumber)),
  epoch: z.array(z.number().int().min(0)),
});

const pointsSchema = z.object({ x1: z.array(z.number()), x2: z.array(z.number()), label: z.array(z.number()) });
/** The raw 2-D data points, for drawing under the decision surface; `null` when the data is not 2-D. */
export const datasetPointsSchema = z.object({ train: pointsSchema, test: pointsSchema }).nullable();

export const welcomeSchema = z.object({
  type: z.literal('welcome'),
  protocol: z.number().int(),
  clientId: z.string(),
  name: z.string(),
  colour: z.string(),
});

export const errorSchema = z.object({
  type: z.literal('error'),
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** The `type` of the client frame that caused it, when known. */
  requestType: z.string().optional(),
  /** Dotted path of the offending field for `invalid_field`. */
  path: z.string().optional(),
});

export const sessionStateSchema = z.object({
  type: z.literal('sessionState'),
  sessionId: z.string(),
  /** The session's current name; later renames arrive as `name` events. */
  name: z.string(),
  streamId,
  /** The stream position this state reflects; live frames continue at `seq + 1`. */
  seq,
  role: roleSchema,
  you: z.string(),
  config: experimentConfigSchema,
  status: sessionStatusSchema,
  epoch: z.number().int().min(0),
  speed: z.number().positive().nullable(),
  canRollback: z.boolean(),
  /** At most {@link PRESENCE_LIMIT} viewers: editors first, then the most recent. */
  presence: z.array(viewerSchema),
  /** Everyone connected, including those past the presence list. */
  viewerCount: z.number().int().min(0),
  events: z.array(sessionEventSchema),
  points: datasetPointsSchema,
});

export const resumedSchema = z.object({
  type: z.literal('resumed'),
  sessionId: z.string(),
  streamId,
  role: roleSchema,
  you: z.string(),
  /** Missed frames follow, `fromSeq`..`toSeq` inclusive, in order ([R4]). */
  fromSeq: seq,
  toSeq: seq,
});

export const resyncSchema = z.object({
  type: z.literal('resync'),
  flagged: z.literal(true),
  reason: z.enum(['stream_changed', 'gone']),
  sessionId: z.string(),
});

export const metricsSchema = z.object({ type: z.literal('metrics'), streamId, seq, columns: metricColumnsSchema });

export const statusSchema = z.object({
  type: z.literal('status'),
  streamId,
  seq,
  status: sessionStatusSchema,
  epoch: z.number().int().min(0),
  speed: z.number().positive().nullable(),
  canRollback: z.boolean(),
  /** Display name of who caused it, `system` for divergence. */
  by: z.string(),
});

export const eventSchema = sessionEventSchema.extend({
  type: z.literal('event'),
  streamId,
  /** The full configuration after this event, so every client converges on the same values. */
  config: experimentConfigSchema,
});

/** Most viewers listed in a presence frame; a crowd is summarised by `count` so presence stays O(1) per viewer. */
export const PRESENCE_LIMIT = 50;

export const presenceSchema = z.object({
  type: z.literal('presence'),
  streamId,
  seq,
  /** At most {@link PRESENCE_LIMIT}: editors first, then the most recent. */
  viewers: z.array(viewerSchema),
  /** Everyone connected. */
  count: z.number().int().min(0),
});

export const datasetMessageSchema = z.object({ type: z.literal('dataset'), streamId, seq, points: datasetPointsSchema });

export const historySchema = z.object({
  type: z.literal('history'),
  sessionId: z.string(),
  from: z.number().int().min(0),
  to: z.number().int().min(0),
  /** Epochs the range holds at full resolution. */
  count: z.number().int().min(0),
  /** True when every bucket is a single epoch. */
  full: z.boolean(),
  /** First and last epoch of each bucket. */
  start: z.array(z.number().int()),
  end: z.array(z.number().int()),
  /** Min and max of each metric within each bucket. */
  series: z.object(byMetric(METRIC_SERIES, () => z.object({ min: z.array(maybeNumber), max: z.array(maybeNumber) }))),
});

export const traceSchema = z.object({ type: z.literal('trace'), sample: traceTargetSchema, trace: stepTraceSchema });

/** Every JSON frame the server sends ([R3]). Snapshots travel as binary frames, see {@link SnapshotMessage}. */
/** The answer to a client's `ping` ([R25]). */
export const pongSchema = z.object({ type: z.literal('pong'), id: z.number().int().min(0) });

/** Cluster mode: whether the server this socket reaches has its Redis connection ([R40]); not sequenced. */
export const healthSchema = z.object({ type: z.literal('health'), redis: z.enum(['ok', 'degraded']) });

export const jsonServerMessageSchema = z.discriminatedUnion('type', [
  welcomeSchema,
  errorSchema,
  sessionStateSchema,
  resumedSchema,
  resyncSchema,
  metricsSchema,
  statusSchema,
  eventSchema,
  presenceSchema,
  datasetMessageSchema,
  historySchema,
  traceSchema,
  pongSchema,
  healthSchema,
]);

export type JsonServerMessage = z.infer<typeof jsonServerMessageSchema>;
/** A heavy snapshot, decoded from a binary frame ([R11]): big layers come as a window, see {@link WireSnapshot}. */
export interface SnapshotMessage {
  type: 'snapshot';
  snapshot: WireSnapshot;
  /** When the server produced it, Unix ms. */
  producedAt: number;
}
export type ServerMessage = JsonServerMessage | SnapshotMessage;
export type ServerMessageType = ServerMessage['type'];

export type Role = z.infer<typeof roleSchema>;
export type SessionStatus = z.infer<typeof sessionStatusSchema>;
export type Viewer = z.infer<typeof viewerSchema>;
export type SessionEvent = z.infer<typeof sessionEventSchema>;
export type MetricColumns = z.infer<typeof metricColumnsSchema>;
export type DatasetPoints = z.infer<typeof datasetPointsSchema>;
export type HistoryMessage = z.infer<typeof historySchema>;
export type SessionStateMessage = z.infer<typeof sessionStateSchema>;
