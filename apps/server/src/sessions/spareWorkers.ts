import { Worker } from 'node:worker_threads';
import type { WorkerInit } from './workerProtocol.js';
import { resolveWorkerUrl } from './workerUrl.js';

/** Where a session's worker thread comes from. */
export interface WorkerSource {
  /** A worker thread that builds its Trainer from `init`. */
  start(init: WorkerInit): Worker;
}

/** The message a spare worker waits for before it builds its Trainer. */
export interface SpareInit {
  kind: 'init';
  init: WorkerInit;
}

/** Every session starts a thread of its own. */
export const FRESH_WORKERS: WorkerSource = {
  start: (init) => new Worker(resolveWorkerUrl(), { workerData: init }),
};

/**
 * A few worker threads started ahead of need, their modules loaded, waiting for a session ([R36]): a wake takes one
 * and sends it the session's init, skipping the thread start and module load. Spares count against the worker cap:
 * there are never more than `target`, nor more than the cap leaves free (`room()`), so awake sessions and spares
 * together stay within it. A hibernated session holds none.
 */
export class SpareWorkers implements WorkerSource {
  private readonly spares: Worker[] = [];
  /** What drops each spare from the list when it dies before it is taken. */
  private readonly drops = new Map<Worker, () => void>();
  private closed = false;
  private refilling = false;

  constructor(
    private readonly target: number,
    private readonly room: () => number,
  ) {}

  /** Idle threads ready for a session. */
  get count(): number {
    return this.spares.length;
  }

  start(init: WorkerInit): Worker {
    const spare = this.spares.shift();
    // Refilled once the taker holds its worker, so the room counts it.
    setImmediate(() => this.refill());
    if (spare === undefined) return new Worker(resolveWorkerUrl(), { workerData: init });
    const drop = this.drops.get(spare)!;
    this.drops.delete(spare);
    spare.off('error', drop).off('exit', drop);
    spare.ref();
    spare.postMessage({ kind: 'init', init } satisfies SpareInit);
    return spare;
  }

  /** Starts spares up to the target and the room left under the cap; stops those past the room. */
  refill(): void {
    if (this.closed || this.refilling) return;
    this.refilling = true;
    try {
      const want = Math.max(0, Math.min(this.target, this.room()));
      while (this.spares.length > want) void this.spares.pop()!.terminate();
      while (this.spares.length < want) this.spares.push(this.spawn());
    } finally {
      this.refilling = false;
    }
  }

  private spawn(): Worker {
    const worker = new Worker(resolveWorkerUrl(), { workerData: null });
    // An idle spare does not keep the process alive; the session that takes it does.
    worker.unref();
    const drop = (): void => {
      const at = this.spares.indexOf(worker);
      if (at >= 0) this.spares.splice(at, 1);
      this.drops.delete(worker);
    };
    this.drops.set(worker, drop);
    // A spare that fails before it is taken is simply dropped; the next refill replaces it.
    worker.once('error', drop);
    worker.once('exit', drop);
    return worker;
  }

  async close(): Promise<void> {
    this.closed = true;
    const spares = this.spares.splice(0);
    await Promise.all(spares.map((w) => w.terminate()));
  }
}
