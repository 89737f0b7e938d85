import type { z } from 'zod';
import { clientMessageSchema, type ClientMessage } from './clientMessages.js';
import type { ErrorCode } from './codes.js';
import { describeIssue } from './schemaIssue.js';
import { jsonServerMessageSchema, type JsonServerMessage, type ServerMessage } from './serverMessages.js';
import { METRICS_FRAME_KIND, binaryFrameKind, decodeMetricsFrame } from './metricsFrame.js';
import { decodeSnapshot } from './snapshotCodec.js';
import { MAX_CLIENT_FRAME_BYTES } from './version.js';

/** A decoded frame, or a machine-readable reason it was refused ([R5]). */
export type Decoded<T> =
  | { ok: true; value: T }
  | { ok: false; code: ErrorCode; message: string; requestType?: string; path?: string };

/** Raw frame data as `ws` (Buffer) or a browser (string, ArrayBuffer) delivers it. */
export type FrameData = string | ArrayBuffer | Uint8Array;

const textDecoder = new TextDecoder('utf-8', { fatal: true });
const textEncoder = new TextEncoder();

function byteLength(data: FrameData): number {
  if (typeof data === 'string') return textEncoder.encode(data).byteLength;
  return data.byteLength;
}

function parseJson(text: string): Decoded<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, code: 'bad_json', message: `frame is not JSON: ${(err as Error).message}` };
  }
}

/** Each message type's own schema, so a refusal names where a key belongs in that message, not in another type. */
type SchemasByType = ReadonlyMap<string, z.ZodType>;

function validate<T>(value: unknown, schema: z.ZodType<T>, typeSchemas: SchemasByType): Decoded<T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, code: 'invalid_field', message: 'frame must be a JSON object with a "type" field', path: 'type' };
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') {
    return { ok: false, code: 'invalid_field', message: 'field "type" must be a string', path: 'type' };
  }
  if (!typeSchemas.has(type)) {
    return { ok: false, code: 'unknown_type', message: `unknown message type "${type.slice(0, 40)}"`, requestType: type.slice(0, 40) };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = describeIssue(typeSchemas.get(type)!, parsed.error);
  const said = issue.unknownKey ? issue.message : `${issue.path || '(root)'}: ${issue.message}`;
  return { ok: false, code: 'invalid_field', message: `invalid "${type}" message: ${said}`, requestType: type, path: issue.path };
}

const CLIENT_SCHEMAS: SchemasByType = new Map(clientMessageSchema.options.map((o) => [o.shape.type.value, o]));

/**
 * Parses and validates one client frame. Binary frames, frames over {@link MAX_CLIENT_FRAME_BYTES}, invalid UTF-8,
 * non-JSON, unknown types and schema violations each come back as a distinct error code; nothing throws.
 */
export function decodeClientMessage(data: FrameData): Decoded<ClientMessage> {
  const size = byteLength(data);
  if (size > MAX_CLIENT_FRAME_BYTES) {
    return { ok: false, code: 'too_large', message: `frame of ${size} bytes exceeds the ${MAX_CLIENT_FRAME_BYTES}-byte limit` };
  }
  let text: string;
  if (typeof data === 'string') {
    text = data;
  } else {
    try {
      text = textDecoder.decode(data);
    } catch {
      return { ok: false, code: 'bad_frame', message: 'frame is not valid UTF-8 text' };
    }
  }
  const json = parseJson(text);
  if (!json.ok) return json;
  return validate(json.value, clientMessageSchema, CLIENT_SCHEMAS);
}

const JSON_SERVER_SCHEMAS: SchemasByType = new Map(jsonServerMessageSchema.options.map((o) => [o.shape.type.value, o]));

/**
 * Parses and validates one server frame: text frames are JSON messages, binary frames are snapshots ([R11]) or
 * metrics ([R26], decoded to the same `metrics` message as the JSON frame). Pass `isBinary` when the transport says
 * so (ws on Node hands both as Buffers).
 */
export function decodeServerMessage(data: FrameData, isBinary = typeof data !== 'string'): Decoded<ServerMessage> {
  if (isBinary && typeof data !== 'string') {
    const u8 = data instanceof Uint8Array ? data : new Uint8Array(data);
    if (binaryFrameKind(u8) === METRICS_FRAME_KIND) {
      const metrics = decodeMetricsFrame(u8);
      return metrics.ok ? metrics : { ok: false, code: 'bad_frame', message: metrics.message };
    }
    const snapshot = decodeSnapshot(data);
    if (!snapshot.ok) return { ok: false, code: 'bad_frame', message: snapshot.message };
    return { ok: true, value: { type: 'snapshot', snapshot: snapshot.value.snapshot, producedAt: snapshot.value.producedAt } };
  }
  let text: string;
  try {
    text = typeof data === 'string' ? data : textDecoder.decode(data);
  } catch {
    return { ok: false, code: 'bad_frame', message: 'frame is not valid UTF-8 text' };
  }
  const json = parseJson(text);
  if (!json.ok) return json;
  return validate(json.value, jsonServerMessageSchema, JSON_SERVER_SCHEMAS);
}

/** Serializes a client message to its JSON text frame. */
export function encodeClientMessage(message: ClientMessage): string {
  return JSON.stringify(message);
}

/** Serializes a JSON server message to its text frame; encode a broadcast once and send the same string to all. */
export function encodeServerMessage(message: JsonServerMessage): string {
  return JSON.stringify(message);
}
