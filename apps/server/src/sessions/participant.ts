import type { ErrorCode, JsonServerMessage, Role } from '@liveprop/protocol';

/** A client as a session sees it; the socket layer implements it with backpressure and coalescing. */
export interface Participant {
  readonly id: string;
  name: string;
  readonly colour: string;
  role: Role;
  /** Sends an already-encoded JSON frame (the same string goes to every participant of a broadcast). */
  sendText(text: string): void;
  sendMessage(message: JsonServerMessage): void;
  /** Sends a binary snapshot frame, latest-wins: a participant that has not drained the previous one skips it. */
  sendSnapshot(bytes: Uint8Array): void;
  sendError(code: ErrorCode, message: string, requestType?: string): void;
}
