import type { ErrorCode, JsonServerMessage, Role } from '@liveprop/protocol';

/** A client as a session sees it; the socket layer implements it with backpressure and coalescing. */
export interface Participant {
  readonly id: string;
  name: string;
  readonly colour: string;
  role: Role;
  /** Sends an already-encoded JSON frame. */
  sendText(text: string): void;
  /** Sends a JSON frame already encoded to UTF-8 once for a broadcast: the same bytes go to every participant. */
  sendTextBytes(bytes: Uint8Array): void;
  sendMessage(message: JsonServerMessage): void;
  /** Sends a binary snapshot frame, latest-wins: a participant that has not drained the previous one skips it. */
  sendSnapshot(bytes: Uint8Array): void;
  sendError(code: ErrorCode, message: string, requestType?: string): void;
  /** Closes the client's connection with a 4xxx code and a reason. */
  drop(code: number, reason: string): void;
  /** Holds writes until {@link Participant.uncork}, so one tick's frames leave in one write; calls nest. */
  cork(): void;
  uncork(): void;
}
