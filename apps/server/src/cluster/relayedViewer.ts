import type { Participant } from '../sessions/participant.js';
import { STREAM_MAX_FRAMES } from './clusterConfig.js';
import type { RelayEntry } from './relayEntry.js';

/**
 * A participant here of a session trained elsewhere, fed from the session's relay stream: entries after the seq its
 * state showed go to it. While its join or a resync runs it is held, and entries wait for {@link release}.
 */
export class RelayedViewer {
  /** Null while held. */
  private after: number | null = null;
  private readonly queued: RelayEntry[] = [];

  constructor(readonly p: Participant) {}

  /** Whether live entries reach it now. */
  get live(): boolean {
    return this.after !== null;
  }

  /** Holds entries back until the next {@link release} (a resync sends fresh state first). */
  hold(): void {
    this.after = null;
  }

  /** Sends the entries that arrived while held (those after `seq`) and `snapshot`, then lets live entries through. */
  release(seq: number, snapshot: Buffer | null): void {
    this.after = seq;
    for (const entry of this.queued.splice(0)) this.deliver(entry);
    if (snapshot !== null) this.p.sendSnapshot(snapshot);
  }

  deliver(entry: RelayEntry): void {
    if (this.after === null) {
      // Bounded like the stream itself; entries older than that would be a resync anyway.
      if (this.queued.push(entry) > STREAM_MAX_FRAMES) this.queued.shift();
    } else if (entry.seq > this.after) {
      this.after = entry.seq;
      this.p.sendWire(entry.bytes);
    }
  }
}
