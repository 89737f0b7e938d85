import { PRESENCE_LIMIT, type Viewer } from '@liveprop/protocol';
import type { SessionStream } from './sessionStream.js';

/** Fewest ms between two presence frames. */
export const PRESENCE_COALESCE_MS = 250;

/** Participants a session has elsewhere: on the other nodes of a cluster. */
export interface PresencePart {
  count: number;
  viewers: Viewer[];
}

/** Who is watching a session, broadcast on its stream as coalesced `presence` frames ([R18]). */
export class Presence {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  /** Participants on other nodes (cluster mode), merged into every list; none on one node. */
  elsewhere: PresencePart = { count: 0, viewers: [] };

  constructor(private readonly stream: SessionStream) {}

  /** The presence list: at most {@link PRESENCE_LIMIT}, editors first, then the most recently joined ([R18]). */
  viewers(): Viewer[] {
    const all: Viewer[] = [...this.stream.participants.values()].reverse().map((p) => ({ id: p.id, name: p.name, colour: p.colour, role: p.role }));
    all.push(...this.elsewhere.viewers);
    return all.filter((p) => p.role === 'editor').concat(all.filter((p) => p.role !== 'editor')).slice(0, PRESENCE_LIMIT);
  }

  /** Every participant, here and elsewhere. */
  count(): number {
    return this.stream.participants.size + this.elsewhere.count;
  }

  /**
   * Broadcasts presence soon, coalescing bursts (a crowd joining at once) into one frame per
   * {@link PRESENCE_COALESCE_MS}, so presence costs O(viewers) per change rather than O(viewers²) ([R18]).
   */
  schedule(): void {
    if (this.timer !== null || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      // Nobody to tell: a viewer that left resumes at the seq it saw last, with nothing missed ([R39]). Participants
      // on other nodes (a session whose viewers all joined elsewhere) are told.
      if (this.stopped || this.count() === 0) return;
      const viewers = this.viewers();
      const count = this.count();
      this.stream.publish((seq, streamId) => ({ type: 'presence', streamId, seq, viewers, count }));
    }, PRESENCE_COALESCE_MS);
  }

  /** Cancels a scheduled frame and schedules no more. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
  }
}
