import { Worker } from 'node:worker_threads';
import type { WorkerInit } from './workerProtocol.js';
import { resolveWorkerUrl } from './workerUrl.js';

/** Where a session's worker thread comes from, and where it goes when the session lets go of it. */
export interface WorkerSource {
  /** A worker thread that builds its Trainer from `init`. */
  start(init: WorkerInit): Worker;
  /** Takes back a thread whose session let go of it (hibernation, close): kept as a spare, or stopped. */
  giveBack(worker: Worker): Promise<void>;
}

/** What a spare worker thread is told: build a session's Trainer, or drop it and wait as a spare again. */
export type SpareMessage = { kind: 'init'; init: WorkerInit } | { kind: 'retire' };

/** A retired thread's last message: everything it posts after this belongs to its next session. */
export const RETIRED = 'retired';

/** How long after a spare is taken its replacement starts. */
const REFILL_DELAY_MS = 300;

/** Every session starts a thread of its own, and stops it when done. */
export const FRESH_WORKERS: WorkerSource = {
  start: (init) => new Worker(resolveWorkerUrl(), { workerData: init }),
  giveBack: async (worker) => void (await worker.terminate()),
};

/**
 * A few worker threads started ahead of need, their modules loaded, waiting for a session ([R39]): a wake takes one
 * and sends it the session's init, skipping the thread start and module load. A session that hibernates gives its
 * thread back: it drops its Trainer and waits here too, its code already compiled, so the next wake is faster
 * still (such warm threads are kept before fresh ones).
 *
 * Spares count against the worker cap: there are never more than `target`, nor more than the cap leaves free
 * (`room()`), so awake sessions and spares together stay within `LIVEPROP_MAX_WORKERS`. An idle spare blocks on its
 * message port and uses no CPU; a hibernated session holds none.
 */
export class SpareWorkers implements WorkerSource {
  /** Warm (given back) threads first, fresh ones after. */
  private readonly spares: Worker[] = [];
  /** What drops each spare from the list when it dies before it is taken. */
  private readonly drops = new Map<Worker, () => void>();
  /** Threads given back that have not yet confirmed they dropped their session. */
  private retiring = 0;
  private closed = false;
  private refilling = false;
  private refillTimer: ReturnType<typeof setTimeout> | null = null;

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
    this.refillSoon();
    if (spare === undefined) return new Worker(resolveWorkerUrl(), { workerData: init });
    this.undrop(spare);
    spare.ref();
    spare.postMessage({ kind: 'init', init } satisfies SpareMessage);
    return spare;
  }

  giveBack(worker: Worker): Promise<void> {
    if (this.closed || this.retiring >= this.wanted()) return worker.terminate().then(() => undefined);
    this.retiring++;
    return new Promise((resolve) => {
      const done = (keep: boolean): void => {
        worker.off('message', onMessage).off('exit', onExit);
        this.retiring--;
        if (keep && !this.closed) {
          this.spares.unshift(this.idle(worker));
          this.refill();
        } else if (keep) void worker.terminate();
        resolve();
      };
      // Ticks its session posted before it retired are still on their way: they are dropped here, never delivered.
      const onMessage = (message: { kind?: unknown }): void => {
        if (message.kind === RETIRED) done(true);
      };
      const onExit = (): void => done(false);
      worker.on('message', onMessage).once('exit', onExit);
      worker.postMessage({ kind: 'retire' } satisfies SpareMessage);
    });
  }

  /** Starts spares up to the target and the room left under the cap; stops those past it, fresh ones first. */
  refill(): void {
    if (this.closed || this.refilling) return;
    this.refilling = true;
    try {
      const want = this.wanted();
      while (this.spares.length > 0 && this.spares.length + this.retiring > want) {
        const extra = this.spares.pop()!;
        this.undrop(extra);
        void extra.terminate();
      }
      while (this.spares.length + this.retiring < want) this.spares.push(this.idle(new Worker(resolveWorkerUrl(), { workerData: null })));
    } finally {
      this.refilling = false;
    }
  }

  /**
   * Refills after a wake has had its turn: once the taker holds its worker (so the room counts it), and not beside
   * the wake's own work, which a thread start would slow down on a machine with few cores.
   */
  private refillSoon(): void {
    if (this.refillTimer !== null) return;
    this.refillTimer = setTimeout(() => {
      this.refillTimer = null;
      this.refill();
    }, REFILL_DELAY_MS);
    this.refillTimer.unref();
  }

  private wanted(): number {
    return Math.max(0, Math.min(this.target, this.room()));
  }

  /** Makes `worker` a spare: it does not keep the process alive, and one that dies before it is taken is dropped. */
  private idle(worker: Worker): Worker {
    worker.unref();
    const drop = (): void => {
      const at = this.spares.indexOf(worker);
      if (at >= 0) this.spares.splice(at, 1);
      this.undrop(worker);
    };
    this.drops.set(worker, drop);
    worker.once('error', drop).once('exit', drop);
    return worker;
  }

  private undrop(worker: Worker): void {
    const drop = this.drops.get(worker);
    if (drop === undefined) return;
    this.drops.delete(worker);
    worker.off('error', drop).off('exit', drop);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.refillTimer !== null) clearTimeout(this.refillTimer);
    const spares = this.spares.splice(0);
    for (const w of spares) this.undrop(w);
    await Promise.all(spares.map((w) => w.terminate()));
  }
}
