import type { PackedEpochs } from '@liveprop/core';
import { encodeMetricsFrame, encodeServerMessage, type JsonServerMessage } from '@liveprop/protocol';
import { TickWire } from '../socket/tickWire.js';
import { OPCODE_BINARY, OPCODE_TEXT, frame } from '../socket/wireFrame.js';
import { MetricsHold } from './metricsHold.js';
import type { Participant } from './participant.js';
import { FrameRing, type SequencedFrame } from './ringBuffer.js';
import { generateId } from './tokens.js';

type Sequenced = JsonServerMessage & { seq: number };

/** Where a cluster owner relays what its viewers are sent, for viewers on other nodes. */
export interface StreamMirror {
  /** A sequenced frame, framed for a socket exactly as local viewers get it. */
  frame(seq: number, wire: Buffer): void;
  /** The latest snapshot (latest-wins). */
  snapshot(bytes: Uint8Array): void;
}
/** Builds a broadcast frame once its seq is known. */
export type FrameBuilder = (seq: number, streamId: string) => Sequenced;

/** Bounds of the frames a stream keeps for resume. */
export interface StreamOptions {
  /** Seq of the last frame already sent (a restored session continues its stream's numbering). */
  seq: number;
  /** Continue this stream (a session back from hibernation), rather than start a new one. */
  streamId?: string;
  ringFrames: number;
  ringChars: number;
}

/**
 * What a session's participants receive: the sequenced broadcast stream (kept for resume, [R4]), the epochs held
 * back to batch them into fewer metrics frames, and the latest snapshot, latest-wins.
 */
export class SessionStream {
  readonly streamId: string;
  readonly participants = new Map<string, Participant>();
  seq: number;
  private readonly ring: FrameRing;
  private latestSnapshot: Uint8Array | null = null;
  private stopped = false;
  /** Frames broadcast during {@link tick}, sent with its snapshot; null outside a tick. */
  private tickFrames: Buffer[] | null = null;
  /** Set while this node relays the stream to other nodes (cluster mode). */
  mirror: StreamMirror | null = null;
  /** Epochs in `history` not yet broadcast; they go out before any other frame and before a join. */
  private readonly heldMetrics = new MetricsHold(
    (epochs) => this.publishMetrics(epochs),
    () => {
      if (!this.stopped) this.heldMetrics.flush();
    },
  );

  constructor(options: StreamOptions) {
    this.seq = options.seq;
    this.streamId = options.streamId ?? generateId(6);
    this.ring = new FrameRing(options.ringFrames, options.ringChars);
  }

  /** Assigns the next seq, encodes once, keeps the frame for resume and sends the same bytes to everyone ([R4]). */
  publish(build: FrameBuilder): void {
    this.heldMetrics.flush();
    this.publishNow(build);
  }

  private publishNow(build: FrameBuilder): void {
    const message = build(++this.seq, this.streamId);
    const text = encodeServerMessage(message);
    this.ring.push({ seq: message.seq, data: text });
    this.send(message.seq, OPCODE_TEXT, Buffer.from(text, 'utf8'));
  }

  /** Epochs as one binary metrics frame ([R25]): the next seq, kept for resume like any broadcast. */
  private publishMetrics(epochs: PackedEpochs): void {
    const bytes = encodeMetricsFrame(this.streamId, ++this.seq, epochs);
    this.ring.push({ seq: this.seq, data: bytes });
    this.send(this.seq, OPCODE_BINARY, bytes);
  }

  private send(seq: number, opcode: number, payload: Uint8Array): void {
    if (this.participants.size === 0 && this.mirror === null) return;
    const wire = frame(opcode, payload);
    this.mirror?.frame(seq, wire);
    if (this.participants.size > 0) this.broadcast(wire);
  }

  private broadcast(wire: Buffer): void {
    if (this.tickFrames !== null) this.tickFrames.push(wire);
    else for (const p of this.participants.values()) p.sendWire(wire);
  }

  /** Holds trained epochs for the next metrics frame (see {@link MetricsHold}). */
  holdMetrics(epochs: PackedEpochs): void {
    this.heldMetrics.add(epochs);
  }

  /** Broadcasts the held epochs now, so the frame that follows comes after them. */
  flushMetrics(): void {
    this.heldMetrics.flush();
  }

  /**
   * Runs `send` (which may broadcast frames, e.g. metrics) and then sends its frames and `snapshot` to each participant
   * in one write, built once for all ([R4], [R11]). The snapshot is kept for those who join later.
   */
  tick(snapshot: Uint8Array | null, send: () => void): void {
    const frames: Buffer[] = [];
    this.tickFrames = frames;
    try {
      send();
    } finally {
      this.tickFrames = null;
    }
    if (snapshot !== null) {
      this.latestSnapshot = snapshot;
      this.mirror?.snapshot(snapshot);
    }
    if (frames.length === 0 && snapshot === null) return;
    const wire = new TickWire(frames, snapshot);
    for (const p of this.participants.values()) p.sendTick(wire);
  }

  /** The snapshot a joiner gets now, if there is one yet. */
  get lastSnapshot(): Uint8Array | null {
    return this.latestSnapshot;
  }

  /** Lets go of the kept snapshot when it is still `bytes` (the store has it, [R39]). */
  forgetSnapshot(bytes: Uint8Array): void {
    if (this.latestSnapshot === bytes) this.latestSnapshot = null;
  }

  /** Sends a joiner the latest snapshot, if there is one yet. */
  sendLatestSnapshot(p: Participant): void {
    if (this.latestSnapshot !== null) p.sendSnapshot(this.latestSnapshot);
  }

  /** Frames after `lastSeq`, or `null` when they are no longer all held. */
  missedSince(lastSeq: number): SequencedFrame[] | null {
    return this.ring.since(lastSeq, this.seq);
  }

  /** Stops the held-metrics timer; epochs held after this wait for the next explicit publish. */
  stop(): void {
    this.stopped = true;
    this.heldMetrics.stop();
  }
}
