/**
 * The `Store` calls on a session's metric history over PostgreSQL: append, range reads and counts, truncate, and
 * the two bounded streams (column runs, CSV), which read a few chunks per query.
 */
import { runOf, spanCountInRange } from '../metricsRange.js';
import { chunkCsvLines, epochsOfChunks, METRICS_CSV_HEADER } from '../metricsRead.js';
import { fenceProblem } from '../fencing.js';
import { chunkCells, validateEpochs } from '../metricsWrite.js';
import type { ChunkRow } from '../statements.js';
import { decodeStoredChunk } from '../storedChunk.js';
import { failure, success } from '../storeErrors.js';
import type { MetricColumnsRun, Store, StoreResult } from '../types.js';
import type { PgContext, Queryable } from './pgContext.js';
import { truncateChunksAfter } from './pgChunks.js';
import { readErrorsOf } from './pgStreams.js';

export type PgMetricCalls = Pick<
  Store,
  'appendMetrics' | 'readMetrics' | 'metricsCount' | 'countMetricsInRange' | 'streamMetricRuns' | 'lastMetricsEpoch' | 'truncateMetricsAfter' | 'streamMetricsCsv'
>;

/**
 * Checks the claim and the last stored epoch and inserts the chunks, in one statement: it inserts nothing unless the
 * row holds the caller's token and the new epochs start after the stored ones, and answers both for the message.
 */
const APPEND_METRICS = `
WITH owner AS (SELECT fence FROM sessions WHERE id = $1 FOR NO KEY UPDATE),
     last AS (SELECT last_epoch AS e FROM metric_chunks WHERE session_id = $1 ORDER BY first_epoch DESC LIMIT 1),
     ins AS (
       INSERT INTO metric_chunks (session_id, first_epoch, last_epoch, count, data)
       SELECT $1, * FROM unnest($4::bigint[], $5::bigint[], $6::int[], $7::bytea[])
       WHERE (SELECT fence FROM owner) = $2 AND coalesce((SELECT e FROM last), -1) < $3
       RETURNING 1)
SELECT (SELECT fence FROM owner) AS fence, (SELECT e FROM last) AS last, (SELECT count(*) FROM ins) AS inserted`;

/** Chunks fetched per query while streaming; bounds memory to about this many decoded chunks. */
const CHUNKS_PER_QUERY = 4;

/**
 * An epoch range as the bigint bounds `metric_chunks` is indexed by (whole epochs, ±Infinity clamped). A float8
 * parameter would make PostgreSQL compare `first_epoch::float8`, which the primary key cannot serve: every page of a
 * long history then filtered all of the session's chunks (25 ms a page at 50k chunks, a 2.3M-epoch chart in minutes).
 */
function epochBounds(from: number, to: number): [number, number] {
  const clamp = (e: number): number => Math.min(Math.max(e, Number.MIN_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
  return [clamp(Math.ceil(from)), clamp(Math.floor(to))];
}

function rangeProblem(from: number, to: number): StoreResult<never> | null {
  if (typeof from !== 'number' || typeof to !== 'number' || Number.isNaN(from) || Number.isNaN(to)) {
    return failure('invalid', `expected a numeric epoch range, got ${String(from)}..${String(to)}`);
  }
  return null;
}

async function lastEpoch(q: Queryable, id: string): Promise<number | null> {
  const row = (await q.query<{ last_epoch: number }>('SELECT last_epoch FROM metric_chunks WHERE session_id = $1 ORDER BY first_epoch DESC LIMIT 1', [id])).rows[0];
  return row?.last_epoch ?? null;
}

/** One page of chunk rows: `$1` the session, `$2..$3` the epoch range, `$4` the last `first_epoch` read, `$5` a limit. */
export const CHUNK_PAGE = `SELECT first_epoch, last_epoch, count, data FROM metric_chunks
  WHERE session_id = $1 AND last_epoch >= $2::bigint AND first_epoch <= $3::bigint AND first_epoch > $4::bigint ORDER BY first_epoch LIMIT $5`;

/** Chunk rows of `id` overlapping `from..to` with `first_epoch > after`, a page at a time. */
function chunkPage(q: Queryable, id: string, from: number, to: number, after: number): Promise<{ rows: ChunkRow[] }> {
  return q.query<ChunkRow>(CHUNK_PAGE, [id, ...epochBounds(from, to), after, CHUNKS_PER_QUERY]);
}

async function* runsOf(q: Queryable, id: string, from: number, to: number): AsyncGenerator<MetricColumnsRun, void, undefined> {
  for (let after = -1; ; ) {
    const { rows } = await chunkPage(q, id, from, to, after);
    if (rows.length === 0) return;
    for (const row of rows) {
      const run = runOf(decodeStoredChunk(row.data), from, to);
      if (run.end > run.first) yield run;
      after = row.first_epoch;
    }
  }
}

async function* csvOf(q: Queryable, id: string): AsyncGenerator<string, void, undefined> {
  yield METRICS_CSV_HEADER;
  for (let after = -1; ; ) {
    const { rows } = await chunkPage(q, id, -Infinity, Infinity, after);
    if (rows.length === 0) return;
    for (const row of rows) {
      yield chunkCsvLines(decodeStoredChunk(row.data));
      after = row.first_epoch;
    }
  }
}

export function pgMetricCalls(ctx: PgContext): PgMetricCalls {
  const { pool } = ctx;
  const withSession = async <T>(id: string, body: () => Promise<StoreResult<T>>): Promise<StoreResult<T>> =>
    (await pool.query('SELECT 1 FROM sessions WHERE id = $1', [id])).rows.length === 0 ? ctx.notFound(id) : body();
  const onRange = <T>(what: string, id: string, from: number, to: number, body: () => Promise<StoreResult<T>>): Promise<StoreResult<T>> =>
    ctx.guard(what, id, async () => rangeProblem(from, to) ?? withSession(id, body));

  return {
    appendMetrics(id, epochs) {
      return ctx.guard(`append metrics to session ${id}`, id, async () => {
        const valid = validateEpochs(epochs, null);
        if (!valid.ok) return valid;
        const packed = valid.value;
        const cells = chunkCells(packed, ctx.compress);
        const claimed = ctx.claims.get(id);
        // One statement, one round trip: once sent, the append commits even if this process is killed the next moment.
        const { rows } = await pool.query<{ fence: number | null; last: number | null }>(APPEND_METRICS, [
          id, claimed ?? -1, packed.length > 0 ? packed.epoch(0) : 0,
          cells.map((c) => c.firstEpoch), cells.map((c) => c.lastEpoch), cells.map((c) => c.count), cells.map((c) => c.data),
        ]);
        const row = rows[0]!;
        if (row.fence === null) return ctx.notFound(id);
        const fenced = fenceProblem(id, claimed, row.fence);
        if (fenced !== null) return fenced;
        const afterStored = validateEpochs(packed, row.last);
        return afterStored.ok ? success(undefined) : afterStored;
      });
    },

    readMetrics(id, from, to) {
      return onRange(`read metrics of session ${id}`, id, from, to, async () => {
        const { rows } = await pool.query<ChunkRow>(
          'SELECT data FROM metric_chunks WHERE session_id = $1 AND last_epoch >= $2::bigint AND first_epoch <= $3::bigint ORDER BY first_epoch',
          [id, ...epochBounds(from, to)],
        );
        return success(epochsOfChunks(rows, from, to));
      });
    },

    metricsCount(id) {
      return ctx.guard(`count metrics of session ${id}`, id, () =>
        withSession(id, async () => {
          const { rows } = await pool.query<{ n: number }>('SELECT coalesce(sum(count), 0)::bigint AS n FROM metric_chunks WHERE session_id = $1', [id]);
          return success(rows[0]!.n);
        }),
      );
    },

    countMetricsInRange(id, from, to) {
      return onRange(`count metrics of session ${id}`, id, from, to, async () => {
        const { rows } = await pool.query<Omit<ChunkRow, 'data'>>(
          'SELECT first_epoch, last_epoch, count FROM metric_chunks WHERE session_id = $1 AND last_epoch >= $2::bigint AND first_epoch <= $3::bigint',
          [id, ...epochBounds(from, to)],
        );
        let count = 0;
        for (const span of rows) {
          const known = spanCountInRange(span, from, to);
          if (known !== null) count += known;
          else {
            const cell = (await pool.query<ChunkRow>('SELECT data FROM metric_chunks WHERE session_id = $1 AND first_epoch = $2', [id, span.first_epoch])).rows[0];
            if (cell !== undefined) {
              const run = runOf(decodeStoredChunk(cell.data), from, to);
              count += run.end - run.first;
            }
          }
        }
        return success(count);
      });
    },

    streamMetricRuns(id, from, to) {
      const what = `read metrics of session ${id}`;
      return onRange(what, id, from, to, async () => success(readErrorsOf(runsOf(pool, id, from, to), ctx, what)));
    },

    lastMetricsEpoch(id) {
      return ctx.guard(`read last epoch of session ${id}`, id, () => withSession(id, async () => success(await lastEpoch(pool, id))));
    },

    truncateMetricsAfter(id, epoch) {
      return ctx.guard(`truncate metrics of session ${id}`, id, async () => {
        if (!Number.isSafeInteger(epoch)) return failure('invalid', `expected an integer epoch to truncate after, got ${epoch}`);
        return ctx.transaction(async (client) => {
          const owned = await ctx.ownership(client, id);
          if (!owned.ok) return owned;
          return success(await truncateChunksAfter(client, id, epoch, ctx.compress));
        });
      });
    },

    streamMetricsCsv(id) {
      const what = `export metrics of session ${id}`;
      return ctx.guard(what, id, () => withSession(id, async () => success(readErrorsOf(csvOf(pool, id), ctx, what))));
    },
  };
}
