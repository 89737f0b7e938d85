import type { EpochMetrics } from '@liveprop/core';
import { encodeServerMessage, toMetricColumns, type JsonServerMessage } from '@liveprop/protocol';
import { MetricsHold } from './metricsHold.js';
import type { Participant } from './participant.js';
import { FrameRing, type SequencedFrame } from './ringBuffer.js';
import { generateId } from './tokens.js';

type Sequenced = JsonServerMessage & { seq: number };
/** Builds a broadcast frame once its seq is known. */
export type FrameBuilder = (seq: number, streamId: string) => Sequenced;

/** Bounds of the frames a stream keeps for resume. */
export interface StreamOptions {
  /** Seq of the last frame already sent (a restored session continues its stream's numbering). */
  seq: number;
  ringFrames: number;
  ringChars: number;
}

/**
 * What a session's participants receive: the sequenced broadcast stream (kept for resume, [R4]), the epochs held
 * back to batch them into fewer metrics frames, and the latest snapshot, latest-wins.
 */
export class SessionStream {
  readonly streamId = generateId(6);
  readonly participants = new Map<string, Participant>();
  seq: number;
  private readonly ring: FrameRing;
  private latestSnapshot: Uint8Array | null = null;
  private stopped = false;
  /** Epochs in `history` not yet broadcast; they go out before any other frame and before a join. */
  private readonly heldMetrics = new MetricsHold(
    (epochs) => {
      const columns = toMetricColumns(epochs);
      this.publishNow((seq, streamId) => ({ type: 'metrics', streamId, seq, columns }));
    },
    () => {
      if (!this.stopped) this.corked(() => this.heldMetrics.flush());
    },
  );

  constructor(options: StreamOptions) {
    this.seq = options.seq;
    this.ring = new FrameRing(options.ringFrames, options.ringChars);
  }

  /** Assigns the next seq, encodes once, keeps the frame for resume and sends the same bytes to everyone ([R4]). */
  publish(build: FrameBuilder): void {
    this.heldMetrics.flush();
    this.publishNow(build);
  }

  private publishNow(build: FrameBuilder): void {
    const frame = build(++this.seq, this.streamId);
    const text = encodeServerMessage(frame);
    this.ring.push({ seq: frame.seq, text });
    if (this.participants.size === 0) return;
    const bytes = Buffer.from(text, 'utf8');
    for (const p of this.participants.values()) p.sendTextBytes(bytes);
  }

  /** Holds trained epochs for the next metrics frame (see {@link MetricsHold}). */
  holdMetrics(metrics: readonly EpochMetrics[]): void {
    this.heldMetrics.add(metrics);
  }

  /** Broadcasts the held epochs now, so the frame that follows comes after them. */
  flushMetrics(): void {
    this.heldMetrics.flush();
  }

  /** Sends a snapshot to every participant and keeps it for those who join later. */
  sendSnapshot(snapshot: Uint8Array): void {
    this.latestSnapshot = snapshot;
    for (const p of this.participants.values()) p.sendSnapshot(snapshot);
  }

  /** Sends a joiner the latest snapshot, if there is one yet. */
  sendLatestSnapshot(p: Participant): void {
    if (this.latestSnapshot !== null) p.sendSnapshot(this.latestSnapshot);
  }

  /** Runs `send` with every socket corked, so the frames it sends leave in one write per viewer. */
  corked(send: () => void): void {
    for (const p of this.participants.values()) p.cork();
    try {
      send();
    } finally {
      for (const p of this.participants.values()) p.uncork();
    }
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
