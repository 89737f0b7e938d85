import { z } from 'zod';
import { changeSchema } from './changeSchema.js';
import { learningRateSchema } from './configSchema.js';
import { traceTargetSchema } from './traceSchema.js';

const seqSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const streamIdSchema = z.string().min(1).max(64);
/** Display names: 1–40 characters, no control characters. */
export const displayNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

export const colourSchema = z.string().regex(/^#[0-9a-f]{6}$/i, 'must be a colour like #1f77b4');

export const helloSchema = z.strictObject({
  type: z.literal('hello'),
  protocol: z.number().int(),
  name: displayNameSchema.optional(),
  /** The colour this browser kept from an earlier visit, `#rrggbb`. */
  colour: colourSchema.optional(),
  lastSeq: seqSchema.optional(),
  streamId: streamIdSchema.optional(),
});

export const joinSchema = z.strictObject({
  type: z.literal('join'),
  sessionId: z.string().min(1).max(64),
  editToken: z.string().min(1).max(256).optional(),
  lastSeq: seqSchema.optional(),
  streamId: streamIdSchema.optional(),
});

export const controlCommandSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('play') }),
  z.strictObject({ action: z.literal('pause') }),
  z.strictObject({ action: z.literal('step'), unit: z.enum(['batch', 'epoch']) }),
  z.strictObject({ action: z.literal('reset'), mode: z.enum(['reinit', 'replay']) }),
]);

export const controlSchema = z.strictObject({ type: z.literal('control'), command: controlCommandSchema });

/** Epochs per second, or `null` for as fast as the worker can train. */
export const speedSchema = z.strictObject({
  type: z.literal('speed'),
  epochsPerSecond: z.number().positive().max(100_000).nullable(),
});

export const changeMessageSchema = z.strictObject({ type: z.literal('change'), change: changeSchema });

export const setNameSchema = z.strictObject({ type: z.literal('setName'), name: displayNameSchema });

export const requestHistorySchema = z.strictObject({
  type: z.literal('requestHistory'),
  from: z.number().int().min(0),
  to: z.number().int().min(0),
  /** Most buckets wanted; a range with no more epochs than this comes back at full resolution. */
  resolution: z.number().int().min(1).max(10_000),
});

export const requestTraceSchema = z.strictObject({
  type: z.literal('requestTrace'),
  /** A training-row index, or `'batch'` for the batch the next step trains on. */
  sample: traceTargetSchema,
});

/** Returns to the last sane state after divergence ([R32]); with `learningRate`, lowers it in the same action. */
export const rollbackSchema = z.strictObject({ type: z.literal('rollback'), learningRate: learningRateSchema.optional() });

/** Asks for a `pong` with the same `id`, so a client can tell a quiet session from a dead link ([R25]). */
export const pingSchema = z.strictObject({ type: z.literal('ping'), id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });

/** Every frame a client may send ([R3]). */
export const clientMessageSchema = z.discriminatedUnion('type', [
  helloSchema,
  joinSchema,
  controlSchema,
  speedSchema,
  changeMessageSchema,
  setNameSchema,
  requestHistorySchema,
  requestTraceSchema,
  rollbackSchema,
  pingSchema,
]);

export type ClientMessage = z.infer<typeof clientMessageSchema>;
export type ClientMessageType = ClientMessage['type'];
export type ControlCommand = z.infer<typeof controlCommandSchema>;
export const CLIENT_MESSAGE_TYPES: readonly ClientMessageType[] = clientMessageSchema.options.map((o) => o.shape.type.value);
