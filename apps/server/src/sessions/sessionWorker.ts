import type { Worker } from 'node:worker_threads';
import type { Result } from '@liveprop/core';
import { fromWire, type WireEvent } from './tickWire.js';
import { FRESH_WORKERS, type WorkerSource } from './spareWorkers.js';
import type { WorkerCommand, WorkerEvent, WorkerInit, WorkerReply, WorkerRequest, WorkerState } from './workerProtocol.js';

/** What a session hears from its worker, in the order the worker posted it. */
export interface WorkerListener {
  /** Every state the worker reports (events and replies), before the reply's request resolves. */
  onState(state: WorkerState): void;
  onEvent(event: Exclude<WorkerEvent, WorkerReply>): void;
  onExit(code: number, crash: Error | null): void;
}

/** Owns one session's worker thread: typed request/reply by id, flow-control acks, and a stream of events. */
export class SessionWorker {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: WorkerReply) => void>();
  private exited = false;
  /** Last state the worker reported, answered for requests the worker can no longer reply to. */
  private lastState: WorkerState;

  /** The uncaught error that stopped the worker, if any, for the exit report. */
  private crash: Error | null = null;

  constructor(init: WorkerInit, listener: WorkerListener, source: WorkerSource = FRESH_WORKERS) {
    this.lastState = { version: 0, epoch: 0, running: false, diverged: false, canRollback: false, speed: null, config: init.config };
    this.worker = source.start(init);
    this.worker.on('message', (wire: WireEvent) => {
      const event = fromWire(wire);
      if ('state' in event) {
        this.lastState = event.state;
        listener.onState(event.state);
      }
      if (event.kind === 'reply') {
        const resolve = this.waiting.get(event.id);
        this.waiting.delete(event.id);
        resolve?.(event);
      } else {
        listener.onEvent(event);
      }
    });
    this.worker.on('error', (err) => (this.crash = err));
    this.worker.on('exit', (code) => {
      this.exited = true;
      for (const [id, resolve] of this.waiting) resolve(this.gone(id, `training worker exited with code ${code}`));
      this.waiting.clear();
      listener.onExit(code, this.crash);
    });
  }

  /** Flow control after a tick; needs no answer. */
  send(command: Extract<WorkerCommand, { kind: 'snapshotAck' | 'tickAck' }>): void {
    if (!this.exited) this.worker.postMessage(command);
  }

  /** Sends a request; resolves with the worker's reply, typed by the request's kind. */
  request<R extends WorkerRequest>(command: R): Promise<WorkerReply<R['kind']>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      if (this.exited) return resolve(this.gone(id, 'training worker is not running'));
      // The worker answers id with the reply type of this request's kind (see TrainingLoop.handle).
      this.waiting.set(id, resolve as (reply: WorkerReply) => void);
      this.worker.postMessage({ ...command, id });
    });
  }

  private gone(id: number, message: string): WorkerReply<never> {
    const result: Result<never> = { ok: false, code: 'internal', message };
    return { kind: 'reply', id, result, state: this.lastState };
  }

  async terminate(): Promise<void> {
    if (!this.exited) await this.worker.terminate();
  }
}
