import type { Result } from '@liveprop/core';
import type { Logger } from 'pino';
import { SessionWorker } from './sessionWorker.js';
import type { WorkerSource } from './spareWorkers.js';
import type { Tick } from './tickFanOut.js';
import type { WorkerEvent, WorkerInit, WorkerState } from './workerProtocol.js';

/** What a session does with its worker's reports. */
export interface WorkerHandlers {
  /** The Trainer is built; runs before `ready` resolves, so the session holds the worker's state by then. */
  onReady(event: Extract<WorkerEvent, { kind: 'ready' }>): void;
  /** Every state the worker reports, in order; a request resolves after its reply's state was seen here. */
  onState(state: WorkerState): void;
  onTick(tick: Tick): void;
  /** Training hit a non-finite loss and the worker paused it ([R15]). */
  onDiverged(): void;
  /** The worker exited after it was ready. */
  onExit(code: number, crash: Error | null): void;
}

/** A started worker and whether it got ready. */
export interface StartedWorker {
  worker: SessionWorker;
  /** Resolves once the Trainer is built, or with the core's reason it could not be, or the exit that came first. */
  ready: Promise<Result<null>>;
}

/** Starts a session's training worker and routes its events; a worker that reports `failed` is terminated. */
export function startSessionWorker(init: WorkerInit, log: Logger, handlers: WorkerHandlers, source?: WorkerSource): StartedWorker {
  let settle!: (result: Result<null>) => void;
  const ready = new Promise<Result<null>>((resolve) => (settle = resolve));
  let settled = false;
  const worker = new SessionWorker(init, {
    onState: (state) => handlers.onState(state),
    onEvent: (event) => {
      switch (event.kind) {
        case 'ready':
          if (settled) return;
          settled = true;
          handlers.onReady(event);
          return settle({ ok: true, value: null });
        case 'failed':
          if (settled) return;
          settled = true;
          void worker.terminate();
          return settle({ ok: false, code: event.code, message: event.message });
        case 'tick':
          return handlers.onTick(event);
        case 'diverged':
          return handlers.onDiverged();
        default: {
          const never: never = event;
          throw new Error(`unknown worker event ${JSON.stringify(never)}`);
        }
      }
    },
    onExit: (code, crash) => {
      if (settled) return handlers.onExit(code, crash);
      settled = true;
      const why = crash ? `: ${crash.message}` : '';
      log.error({ code, err: crash?.message }, 'training worker died before it was ready');
      settle({ ok: false, code: 'internal', message: `training worker exited with code ${code} before it was ready${why}` });
    },
  }, source);
  return { worker, ready };
}
