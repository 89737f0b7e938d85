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
  private readonly onMessage: (wire: WireEvent) => void;
  private readonly onError: (err: Error) => void;
  private readonly onExit: (code: number) => void;

  constructor(init: WorkerInit, listener: WorkerListener, private readonly source: WorkerSource = FRESH_WORKERS) {
    this.lastState = { version: 0, epoch: 0, running: false, diverged: false, canRollback: false, speed: null, config: init.config };
    this.worker = source.start(init);
    this.onMessage = (wire: WireEvent) => {
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
    };
    this.onError = (err: Error) => (this.crash = err);
    this.onExit = (code: number) => {
      this.letGo(`training worker exited with code ${code}`);
      listener.onExit(code, this.crash);
    };
    this.worker.on('message', this.onMessage).on('error', this.onError).on('exit', this.onExit);
  }

  /** Answers every request still waiting with `message`; nothing more is sent to the thread. */
  private letGo(message: string): void {
    this.exited = true;
    for (const [id, resolve] of this.waiting) resolve(this.gone(id, message));
    this.waiting.clear();
  }

  /** The thread's id: a woken session may run on a thread another session gave back ([R39]). */
  get threadId(): number {
    return this.worker.threadId;
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

  /** Lets go of the thread without an exit report: its source keeps it as a spare or stops it ([R39]). */
  async release(): Promise<void> {
    if (this.exited) return;
    this.worker.off('message', this.onMessage).off('error', this.onError).off('exit', this.onExit);
    this.letGo('training worker was let go (the session hibernated)');
    await this.source.giveBack(this.worker);
  }
}
