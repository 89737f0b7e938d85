/** One sequenced frame as sent: its seq and the exact JSON text or binary payload every client received. */
export interface SequencedFrame {
  seq: number;
  data: string | Uint8Array;
}

const sizeOf = (frame: SequencedFrame): number => (typeof frame.data === 'string' ? frame.data.length : frame.data.byteLength);

/**
 * The most recent sequenced frames of a session, bounded by count and by total size (characters of text, bytes of
 * binary frames), for resume ([R4]).
 * Frames are pushed with consecutive seqs.
 */
export class FrameRing {
  private frames: SequencedFrame[] = [];
  private head = 0;
  private chars = 0;

  constructor(
    private readonly maxFrames: number,
    private readonly maxChars: number,
  ) {}

  push(frame: SequencedFrame): void {
    this.frames.push(frame);
    this.chars += sizeOf(frame);
    while (this.frames.length - this.head > this.maxFrames || (this.chars > this.maxChars && this.frames.length - this.head > 1)) {
      this.chars -= sizeOf(this.frames[this.head]!);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.frames.length) {
      this.frames = this.frames.slice(this.head);
      this.head = 0;
    }
  }

  /** Frames with `seq > lastSeq` in order, or `null` when some of them are no longer held. */
  since(lastSeq: number, currentSeq: number): SequencedFrame[] | null {
    if (lastSeq > currentSeq) return null;
    if (lastSeq === currentSeq) return [];
    const oldest = this.frames[this.head];
    if (oldest === undefined || oldest.seq > lastSeq + 1) return null;
    return this.frames.slice(this.head + (lastSeq + 1 - oldest.seq));
  }
}
