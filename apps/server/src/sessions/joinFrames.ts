import type { SessionStateMessage } from '@liveprop/protocol';
import type { MetricHistory } from './metricHistory.js';
import type { Participant } from './participant.js';
import type { SequencedFrame } from './ringBuffer.js';

/** How many history buckets a late joiner gets ([R12]). */
export const JOIN_HISTORY_BUCKETS = 1000;

/** What `sessionState` says about the session itself; the joiner's own `role` and `you` are added per participant. */
export type JoinState = Omit<SessionStateMessage, 'type' | 'role' | 'you'>;

/** What a join reads of a session: its stream position, the frames kept for resume, its state and history. */
export interface JoinSource {
  readonly id: string;
  readonly streamId: string;
  readonly seq: number;
  readonly history: MetricHistory;
  missedSince(lastSeq: number): SequencedFrame[] | null;
  joinState(): JoinState;
}

/**
 * What a joining participant receives before live frames. With a `lastSeq` of the current stream whose frames are
 * still held: `resumed` and exactly the missed frames ([R4]). Otherwise a flagged `resync` when it asked to resume
 * ([R13]), then the fresh-join sequence: `sessionState` and downsampled `history` ([R12]).
 */
export function sendJoinFrames(session: JoinSource, p: Participant, lastSeq: number | undefined, streamId: string | undefined): void {
  if (lastSeq !== undefined) {
    const sameStream = streamId === session.streamId;
    const missed = sameStream ? session.missedSince(lastSeq) : null;
    if (missed !== null) {
      p.sendMessage({
        type: 'resumed', sessionId: session.id, streamId: session.streamId, role: p.role, you: p.id,
        fromSeq: lastSeq + 1, toSeq: session.seq,
      });
      for (const frame of missed) p.sendFrame(frame.data);
      return;
    }
    p.sendMessage({ type: 'resync', flagged: true, reason: sameStream ? 'gone' : 'stream_changed', sessionId: session.id });
  }
  p.sendMessage({ type: 'sessionState', ...session.joinState(), role: p.role, you: p.id });
  p.sendMessage(session.history.downsample(session.id, 0, Number.MAX_SAFE_INTEGER, JOIN_HISTORY_BUCKETS));
}
