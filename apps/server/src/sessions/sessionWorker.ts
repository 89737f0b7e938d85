import { Worker } from 'node:worker_threads';
import type { Result } from '@liveprop/core';
import { resolveWorkerUrl } from './workerUrl.js';
import type { WorkerCommand, WorkerEvent, WorkerInit, WorkerReply, WorkerState } from './workerProtocol.js';

type Request = WorkerCommand extends infer C ? (C extends { id: number } ? Omit<C, 'id'> : never) : never;

/** Owns one session's worker thread: fire-and-forget commands, request/reply by id, and a stream of events. */
export class SessionWorker {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: WorkerReply) => void>();
  private exited = false;
  /** Last state the worker reported, answered for requests the worker can no longer reply to. */
  private lastState: WorkerState;

  /** The uncaught error that stopped the worker, if any, for the exit report. */
  private crash: Error | null = null;

  constructor(
    init: WorkerInit,
    onEvent: (event: Exclude<WorkerEvent, WorkerReply>) => void,
    onExit: (code: number, crash: Error | null) => void,
  ) {
    this.lastState = { epoch: 0, running: false, diverged: false, canRollback: false, config: init.config };
    this.worker = new Worker(resolveWorkerUrl(), { workerData: init });
    this.worker.on('message', (event: WorkerEvent) => {
      if ('state' in event) this.lastState = event.state;
      if (event.kind === 'reply') {
        const resolve = this.waiting.get(event.id);
        this.waiting.delete(event.id);
        resolve?.(event);
      } else {
        onEvent(event);
      }
    });
    this.worker.on('error', (err) => (this.crash = err));
    this.worker.on('exit', (code) => {
      this.exited = true;
      for (const [id, resolve] of this.waiting) resolve(this.gone(id, `training worker exited with code ${code}`));
      this.waiting.clear();
      onExit(code, this.crash);
    });
  }

  send(command: Extract<WorkerCommand, { kind: 'play' | 'speed' | 'snapshotAck' | 'tickAck' }>): void {
    if (!this.exited) this.worker.postMessage(command);
  }

  request(command: Request): Promise<WorkerReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      if (this.exited) return resolve(this.gone(id, 'training worker is not running'));
      this.waiting.set(id, resolve);
      this.worker.postMessage({ ...command, id });
    });
  }

  private gone(id: number, message: string): WorkerReply {
    const result: Result<never> = { ok: false, code: 'internal', message };
    return { kind: 'reply', id, result, state: this.lastState };
  }

  async terminate(): Promise<void> {
    if (!this.exited) await this.worker.terminate();
  }
}
