/**
 * The `Store` calls on a session's event log over PostgreSQL: append in one transaction, list in insertion order.
 */
import { eventBodies } from '../liveFork.js';
import { parseStoredJson } from '../storedDataError.js';
import { success } from '../storeErrors.js';
import type { Store, StoredEvent } from '../types.js';
import type { PgContext, Queryable } from './pgContext.js';

export type PgEventCalls = Pick<Store, 'appendEvents' | 'listEvents'>;

/** Inserts `bodies` after the session's last event. */
export async function insertEvents(q: Queryable, id: string, events: readonly StoredEvent[], bodies: readonly string[]): Promise<void> {
  if (bodies.length === 0) return;
  const next = (await q.query<{ next: number }>('SELECT coalesce(max(idx), -1) + 1 AS next FROM events WHERE session_id = $1', [id])).rows[0]!.next;
  await q.query(
    `INSERT INTO events (session_id, idx, epoch, body)
     SELECT $1, $2 + ord - 1, epoch, body FROM unnest($3::float8[], $4::text[]) WITH ORDINALITY AS e(epoch, body, ord)`,
    [id, next, events.map((e) => e.epoch), bodies],
  );
}

export function pgEventCalls(ctx: PgContext): PgEventCalls {
  return {
    appendEvents(id, events) {
      return ctx.guard(`append events to session ${id}`, id, async () => {
        const bodies = eventBodies(events);
        if (!bodies.ok) return bodies;
        return ctx.transaction(async (client) => {
          const owned = await ctx.ownership(client, id);
          if (!owned.ok) return owned;
          await insertEvents(client, id, events, bodies.value);
          return success(undefined);
        });
      });
    },

    listEvents(id) {
      return ctx.guard(`list events of session ${id}`, id, async () => {
        const exists = await ctx.pool.query('SELECT 1 FROM sessions WHERE id = $1', [id]);
        if (exists.rows.length === 0) return ctx.notFound(id);
        const rows = await ctx.pool.query<{ body: string }>('SELECT body FROM events WHERE session_id = $1 ORDER BY idx', [id]);
        return success(rows.rows.map((r, i) => parseStoredJson(r.body, `event ${i} of session ${id}`) as StoredEvent));
      });
    },
  };
}
