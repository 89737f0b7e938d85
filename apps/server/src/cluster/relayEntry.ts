/**
 * One entry of a session's frames or snapshot stream. Its id is `<token>-<seq>`: the owner's fencing token, then the
 * frame's seq, so ids rise with both and Redis itself refuses an append from an owner whose token is older ([XADD]
 * ids must grow). Snapshots use `<token>-*` (Redis numbers them).
 */
export interface RelayEntry {
  token: number;
  seq: number;
  streamId: string;
  bytes: Buffer;
  /** Set on the last entry of a deleted session's stream (no bytes): viewers everywhere are closed with 4004. */
  end?: 'deleted';
}

/** Field names inside an entry: short, since every frame carries them. */
export const FIELD_STREAM_ID = 's';
export const FIELD_BYTES = 'b';
export const FIELD_END = 'e';

export function entryId(token: number, seq: number): string {
  return `${token}-${seq}`;
}

/** Whether id `a` (`ms-seq`) sorts after id `b`. */
export function idAfter(a: string, b: string): boolean {
  const [aToken, aSeq] = splitId(a);
  const [bToken, bSeq] = splitId(b);
  return aToken > bToken || (aToken === bToken && aSeq > bSeq);
}

/** Decodes an entry as node-redis returns it (id and fields as strings or Buffers); throws on anything else. */
export function decodeEntry(raw: unknown): RelayEntry {
  const entry = raw as { id?: unknown; message?: Record<string, unknown> } | null;
  const streamId = entry?.message?.[FIELD_STREAM_ID];
  const bytes = entry?.message?.[FIELD_BYTES];
  if (entry === null || (typeof entry.id !== 'string' && !Buffer.isBuffer(entry.id)) || streamId === undefined || !Buffer.isBuffer(bytes)) {
    throw new Error(`expected a relay entry {id, message: {s, b: Buffer}}, got ${describe(raw)}`);
  }
  const [token, seq] = splitId(String(entry.id));
  const end = entry.message?.[FIELD_END];
  return { token, seq, streamId: String(streamId), bytes, ...(end !== undefined && String(end) === 'deleted' ? { end: 'deleted' as const } : {}) };
}

function splitId(id: string): [number, number] {
  const dash = id.indexOf('-');
  const token = Number(id.slice(0, dash));
  const seq = Number(id.slice(dash + 1));
  if (dash < 0 || !Number.isSafeInteger(token) || !Number.isSafeInteger(seq)) throw new Error(`expected a stream id token-seq, got ${id}`);
  return [token, seq];
}

function describe(raw: unknown): string {
  const text = JSON.stringify(raw, (_, v: unknown) => (Buffer.isBuffer(v) ? `<${v.length} bytes>` : v)) ?? String(raw);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
