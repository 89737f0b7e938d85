import type { WireSnapshot } from '@liveprop/protocol';
import { keepThumbnails } from './snapshotThumbnails.js';

const SNAPSHOT_INTERVAL_MS = 66;

/** Snapshots arrive at up to 30/s; views take the latest at most every SNAPSHOT_INTERVAL_MS. */
export class SnapshotThrottle {
  current: WireSnapshot | null = $state.raw(null);
  private next: WireSnapshot | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** Queues `snapshot` for the next tick, keeping the last thumbnails when it carries none. */
  offer(snapshot: WireSnapshot): void {
    this.next = keepThumbnails(snapshot, this.next ?? this.current);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.current = this.next;
    }, SNAPSHOT_INTERVAL_MS);
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
  }
}
