import { parentPort, workerData } from 'node:worker_threads';
import { Trainer, reconcile } from '@liveprop/core';
import { withCsvTextOf } from './publicConfig.js';
import { RETIRED, type SpareMessage } from './spareWorkers.js';
import type { WireEvent } from './tickWire.js';
import { TrainingLoop } from './trainingLoop.js';
import type { WorkerCommand, WorkerInit } from './workerProtocol.js';

/**
 * Entry of a session's worker thread: the only place a session's Trainer lives. Started with its init, or as a
 * spare (`workerData` null, its modules loaded) that waits for the init of the session that takes it ([R39]). A
 * session that hibernates retires its thread instead of stopping it: the loop stops, the Trainer is dropped, and
 * the thread waits as a spare again, its code already compiled.
 */
const port = parentPort;
if (port === null) throw new Error('worker.js must run inside a worker thread, got the main thread');
const post = (event: WireEvent, transfer: ArrayBuffer[] = []): void => port.postMessage(event, transfer);

let loop: TrainingLoop | null = null;

function run(init: WorkerInit): void {
  try {
    const trainer = init.checkpoint ? Trainer.restore(init.checkpoint) : new Trainer(init.config);
    // A checkpoint may predate changes its users saw (a crash before the next one): bring it into their config.
    const reconciled = init.checkpoint ? reconcile(trainer, withCsvTextOf(init.config, init.checkpoint.config)) : null;
    loop = new TrainingLoop(trainer, init, post);
    loop.start(reconciled);
  } catch (err) {
    const e = err as Error & { code?: string };
    post({ kind: 'failed', code: e.code ?? 'invalid_config', message: e.message });
  }
}

port.on('message', (message: WorkerCommand | SpareMessage) => {
  switch (message.kind) {
    case 'init':
      return run(message.init);
    case 'retire':
      loop?.stop();
      loop = null;
      return port.postMessage({ kind: RETIRED });
    default:
      // An ack still in flight when the session let go of this thread has no loop left to reach.
      loop?.handle(message);
  }
});
if (workerData !== null) run(workerData as WorkerInit);
