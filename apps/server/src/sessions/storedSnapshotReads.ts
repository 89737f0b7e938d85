import type { StoredSnapshot } from './session.js';

/** What the session is when a read answers: its epoch, and whether memory holds a live snapshot again. */
export interface SnapshotReadCheck {
  epoch: number;
  holdsLive: boolean;
}

/** What a joiner's read of the stored snapshot found. */
export type JoinerSnapshot =
  /** The stored snapshot shows the session as it is: send it. */
  | { found: 'stored'; snapshot: StoredSnapshot }
  /** The store has none of the session's epoch (never written, or its write was refused): only a worker can render one. */
  | { found: 'none' }
  /** A live snapshot was broadcast since the read began: the joiner got it, or a newer one, already. */
  | { found: 'live' };

/**
 * A hibernated session's reads of its last stored snapshot, for joiners while memory holds none ([R39]). A read
 * answers only if no live snapshot was broadcast since it began — one is either held in memory now or was let go
 * since ({@link letGo} counts those) — so a joiner never gets older weights after newer ones, even at the same epoch
 * (an edit, a reset trained back to it). Joins at once share one read.
 */
export class StoredSnapshotReads {
  private letGoCount = 0;
  private read: { letGo: number; answer: Promise<StoredSnapshot | null> } | null = null;

  constructor(
    private readonly id: string,
    private readonly load: (id: string) => Promise<StoredSnapshot | null>,
  ) {}

  /** Memory let go of a live snapshot the store has now. */
  letGo(): void {
    this.letGoCount++;
  }

  /** What the store has for a joiner who found memory holding no snapshot, judged when the read answers. */
  async forJoiner(now: () => SnapshotReadCheck): Promise<JoinerSnapshot> {
    if (this.read === null || this.read.letGo !== this.letGoCount) {
      const read = { letGo: this.letGoCount, answer: this.load(this.id) };
      const done = (): void => {
        if (this.read === read) this.read = null;
      };
      read.answer.then(done, done);
      this.read = read;
    }
    const read = this.read;
    const stored = await read.answer;
    const { epoch, holdsLive } = now();
    if (holdsLive || read.letGo !== this.letGoCount) return { found: 'live' };
    return stored === null || stored.epoch !== epoch ? { found: 'none' } : { found: 'stored', snapshot: stored };
  }
}
