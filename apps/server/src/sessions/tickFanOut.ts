import type { RecordedMetrics } from './recordedMetrics.js';
import type { SessionStream } from './sessionStream.js';
import type { SessionWorker } from './sessionWorker.js';
import type { WorkerEvent } from './workerProtocol.js';

/** One tick a session's worker posts: the epochs trained since the last one and a snapshot when one was due. */
export type Tick = Extract<WorkerEvent, { kind: 'tick' }>;

/**
 * Fans a tick out in one write per viewer: its metrics frame (when the stream's hold lets one go) and its snapshot,
 * with an ack ping when due. The metrics are recorded at once; the tick is acknowledged even when the fan-out fails,
 * so the worker never waits for an ack that cannot come.
 */
export function fanOutTick(tick: Tick, stream: SessionStream, metrics: RecordedMetrics, worker: SessionWorker): void {
  try {
    stream.tick(tick.snapshot, () => {
      if (tick.metrics.length === 0) return;
      metrics.append(tick.metrics);
      stream.holdMetrics(tick.metrics);
    });
    if (tick.snapshot !== null) worker.send({ kind: 'snapshotAck' });
  } finally {
    worker.send({ kind: 'tickAck' });
  }
}
