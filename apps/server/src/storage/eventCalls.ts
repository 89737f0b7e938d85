/**
 * The `Store` calls on a session's event log: append in one transaction, list in insertion order.
 */
import { eventBodies } from './liveFork.js';
import type { StoreContext } from './storeContext.js';
import { parseStoredJson } from './storedDataError.js';
import { success } from './storeErrors.js';
import type { SyncCalls } from './syncCalls.js';
import type { StoredEvent } from './types.js';

export type EventCalls = Pick<SyncCalls, 'appendEvents' | 'listEvents'>;

export function eventCalls(ctx: StoreContext): EventCalls {
  const { stmts } = ctx;
  return {
    appendEvents(id, events) {
      return ctx.guard(`append events to session ${id}`, id, () => {
        const bodies = eventBodies(events);
        if (!bodies.ok) return bodies;
        return ctx.withOwnedSession(id, () => {
          ctx.db.transaction(() => {
            let idx = stmts.nextEventIdx.get(id) ?? 0;
            for (let i = 0; i < bodies.value.length; i++) stmts.insertEvent.run(id, idx++, events[i]!.epoch, bodies.value[i]!);
          })();
          return success(undefined);
        });
      });
    },

    listEvents(id) {
      return ctx.guard(`list events of session ${id}`, id, () =>
        ctx.withSession(id, () => {
          const bodies = stmts.listEvents.all(id);
          return success(bodies.map((body, i) => parseStoredJson(body, `event ${i} of session ${id}`) as StoredEvent));
        }),
      );
    },
  };
}
