import { Trainer, getPreset } from '@liveprop/core';
import { decodeSnapshot } from '@liveprop/protocol';
import { describe, expect, it } from 'vitest';
import { THUMBNAIL_EVERY } from './snapshotTaker.js';
import { TrainingLoop } from './trainingLoop.js';
import type { WireEvent } from './tickWire.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function hasThumbnails(bytes: Uint8Array): boolean {
  const decoded = decodeSnapshot(bytes);
  if (!decoded.ok) throw new Error(decoded.message);
  return decoded.value.snapshot.thumbnails !== undefined;
}

describe('[R11] thumbnails in a running session\'s snapshots', () => {
  it('ride every third snapshot while training runs, and the paused session\'s last snapshot has them', async () => {
    const config = getPreset('spiral')!;
    const snapshots: Uint8Array[] = [];
    let loop: TrainingLoop;
    const post = (event: WireEvent) => {
      if (event.kind !== 'tick') return;
      // The main thread's part: acknowledge the tick and, once fanned out, the snapshot.
      setImmediate(() => loop.handle({ kind: 'tickAck' }));
      if (event.snapshot !== null) {
        snapshots.push(event.snapshot);
        setImmediate(() => loop.handle({ kind: 'snapshotAck' }));
      }
    };
    loop = new TrainingLoop(new Trainer(config), { config, grid: 8, thumbnailGrid: 8, sliceMs: 4, tickMs: 10 }, post);
    loop.start();
    loop.handle({ kind: 'play', id: 0 });
    // Pause right after a snapshot without thumbnails: the loop runs on this thread, so nothing slips in between.
    while (snapshots.length < 10 || hasThumbnails(snapshots.at(-1)!)) await sleep(1);
    loop.handle({ kind: 'pause', id: 1 });
    const whilePlaying = snapshots.map(hasThumbnails);
    // The first (before play) is whole; then every THUMBNAIL_EVERY-th.
    expect(whilePlaying.slice(0, 7)).toEqual([true, false, false, true, false, false, true]);
    expect(THUMBNAIL_EVERY).toBe(3);

    const count = snapshots.length;
    await sleep(200);
    expect(snapshots.length).toBe(count + 1);
    expect(hasThumbnails(snapshots.at(-1)!)).toBe(true);
  });
});
