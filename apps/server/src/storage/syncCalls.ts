/**
 * The SQLite backend's calls as better-sqlite3 runs them: synchronously. `SqliteStore` answers each through a promise.
 */
import type { MetricColumnsRun, Store, StoreResult } from './types.js';

type Streams = 'streamMetricRuns' | 'streamMetricsCsv';

export type SyncCalls = {
  [K in Exclude<keyof Store, 'location' | 'close' | Streams>]: (...args: Parameters<Store[K]>) => Awaited<ReturnType<Store[K]>>;
} & {
  streamMetricRuns(id: string, from: number, to: number): StoreResult<Iterable<MetricColumnsRun>>;
  streamMetricsCsv(id: string): StoreResult<Iterable<string>>;
};
