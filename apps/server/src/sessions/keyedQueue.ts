/**
 * Runs tasks one after another per key (a session id), while tasks of different keys run side by side: a session's
 * store writes land in the order it made them, whatever the backend's latency.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Runs `task` after every task queued before it under `key`; answers what it answers. With nothing queued under
   * `key` it starts at once, before `call` returns: a synchronous backend (SQLite) has then stored a session's epochs
   * before the caller goes on to broadcast them, as a kill -9 test demands.
   */
  call<T>(key: string, task: () => Promise<T>): Promise<T> {
    const tail = this.tails.get(key);
    const result = tail === undefined ? task() : tail.then(task);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, settled);
    void settled.then(() => {
      if (this.tails.get(key) === settled) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves once every task queued so far, and any they queued meanwhile, has settled. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
  }
}
