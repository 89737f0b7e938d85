import type { ErrorCode, JsonServerMessage, Role } from '@liveprop/protocol';
import type { TickWire } from '../socket/tickWire.js';
import type { SessionMessage } from './sessionCommands.js';

/** A session another node trains, as this node's participants of it see it (cluster mode). */
export interface SessionElsewhere {
  readonly id: string;
  /** Takes `p` on as one of its participants here; it gets the owner's state, flagged as a resync. */
  adopt(p: Participant): void;
  /** Runs a message of `p`: checked here, applied by the owner. */
  run(p: Participant, msg: SessionMessage): Promise<void>;
  leave(p: Participant): void;
}

/** A client as a session sees it; the socket layer implements it with backpressure and coalescing. */
export interface Participant {
  readonly id: string;
  name: string;
  readonly colour: string;
  role: Role;
  /** Sends an already-encoded JSON frame. */
  sendText(text: string): void;
  /** Sends a sequenced frame again, as it was broadcast (JSON text or a binary metrics frame), for resume ([R4]). */
  sendFrame(data: string | Uint8Array): void;
  /** Sends a broadcast frame framed once for everyone: the same bytes go to every participant. */
  sendWire(wire: Buffer): void;
  /** Sends a tick's frames and snapshot in one write, the snapshot subject to the participant's flow control. */
  sendTick(tick: TickWire): void;
  sendMessage(message: JsonServerMessage): void;
  /** Sends a binary snapshot frame, latest-wins: a participant that has not drained the previous one skips it. */
  sendSnapshot(bytes: Uint8Array): void;
  sendError(code: ErrorCode, message: string, requestType?: string): void;
  /**
   * Cluster mode: the session left this node for another one; what the participant sends goes to `to` from now on,
   * which also feeds it the new owner's frames.
   */
  moved?(to: SessionElsewhere): void;
  /** Closes the client's connection with a 4xxx code and a reason. */
  drop(code: number, reason: string): void;
}
