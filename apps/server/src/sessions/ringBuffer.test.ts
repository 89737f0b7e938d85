import { describe, expect, it } from 'vitest';
import { FrameRing } from './ringBuffer.js';

const fill = (ring: FrameRing, from: number, to: number): void => {
  for (let seq = from; seq <= to; seq++) ring.push({ seq, data: `frame-${seq}` });
};

describe('FrameRing', () => {
  it('[R4] returns exactly the frames after lastSeq, in order', () => {
    const ring = new FrameRing(100, 1_000_000);
    fill(ring, 1, 10);
    expect(ring.since(6, 10)?.map((f) => f.seq)).toEqual([7, 8, 9, 10]);
    expect(ring.since(10, 10)).toEqual([]);
  });

  it('[R13] answers null once the oldest missed frame has been evicted by count or size', () => {
    const byCount = new FrameRing(5, 1_000_000);
    fill(byCount, 1, 20);
    expect(byCount.since(15, 20)?.map((f) => f.seq)).toEqual([16, 17, 18, 19, 20]);
    expect(byCount.since(14, 20)).toBeNull();
    const bySize = new FrameRing(1000, 40);
    fill(bySize, 1, 20);
    expect(bySize.since(0, 20)).toBeNull();
    expect(bySize.since(18, 20)?.map((f) => f.seq)).toEqual([19, 20]);
  });

  it('[R13] answers null for a lastSeq from the future', () => {
    const ring = new FrameRing(10, 1000);
    fill(ring, 1, 3);
    expect(ring.since(7, 3)).toBeNull();
  });

  it('keeps working across compaction of its backing array', () => {
    const ring = new FrameRing(10, 1_000_000);
    fill(ring, 1, 5000);
    expect(ring.since(4995, 5000)?.map((f) => f.seq)).toEqual([4996, 4997, 4998, 4999, 5000]);
  });
});
