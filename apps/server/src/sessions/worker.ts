import { parentPort, workerData } from 'node:worker_threads';
import { Trainer, reconcile } from '@liveprop/core';
import { withCsvTextOf } from './publicConfig.js';
import type { SpareInit } from './spareWorkers.js';
import { toWire } from './tickWire.js';
import { TrainingLoop } from './trainingLoop.js';
import type { WorkerCommand, WorkerEvent, WorkerInit } from './workerProtocol.js';

/**
 * Entry of a session's worker thread: the only place a session's Trainer lives. Started with its init, or as a
 * spare (`workerData` null, its modules loaded) that waits for the init of the session that takes it ([R39]).
 */
const port = parentPort;
if (port === null) throw new Error('worker.js must run inside a worker thread, got the main thread');
const post = (event: WorkerEvent, transfer: ArrayBuffer[] = []): void => {
  const out = toWire(event, transfer);
  port.postMessage(out.wire, out.transfer);
};

function run(init: WorkerInit): void {
  try {
    const trainer = init.checkpoint ? Trainer.restore(init.checkpoint) : new Trainer(init.config);
    // A checkpoint may predate changes its users saw (a crash before the next one): bring it into their config.
    const reconciled = init.checkpoint ? reconcile(trainer, withCsvTextOf(init.config, init.checkpoint.config)) : null;
    const loop = new TrainingLoop(trainer, init, post);
    port!.on('message', (command: WorkerCommand) => loop.handle(command));
    loop.start(reconciled);
  } catch (err) {
    const e = err as Error & { code?: string };
    post({ kind: 'failed', code: e.code ?? 'invalid_config', message: e.message });
  }
}

if (workerData === null) port.once('message', (spare: SpareInit) => run(spare.init));
else run(workerData as WorkerInit);
