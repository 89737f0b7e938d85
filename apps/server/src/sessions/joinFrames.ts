import type { Participant } from './participant.js';
import type { Session } from './session.js';

/** How many history buckets a late joiner gets ([R12]). */
export const JOIN_HISTORY_BUCKETS = 1000;

/**
 * What a joining participant receives before live frames. With a `lastSeq` of the current stream whose frames are
 * still held: `resumed` and exactly the missed frames ([R4]). Otherwise a flagged `resync` when it asked to resume
 * ([R13]), then the fresh-join sequence: `sessionState` and downsampled `history` ([R12]).
 */
export function sendJoinFrames(session: Session, p: Participant, lastSeq: number | undefined, streamId: string | undefined): void {
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
  p.sendMessage({
    type: 'sessionState', sessionId: session.id, name: session.name, streamId: session.streamId, seq: session.seq, role: p.role, you: p.id,
    config: session.config, status: session.status, epoch: session.epoch, speed: session.speed,
    canRollback: session.canRollback, presence: session.viewers(), viewerCount: session.participants.size, events: session.stateEvents(), points: session.points,
  });
  p.sendMessage(session.history.downsample(session.id, 0, Number.MAX_SAFE_INTEGER, JOIN_HISTORY_BUCKETS));
}
