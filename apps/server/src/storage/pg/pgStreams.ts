/**
 * Bounded exports over PostgreSQL: a failure mid-way (the server gone, the store closed) surfaces as a coded
 * `StoreReadError`, as with SQLite, instead of a raw driver error.
 */
import { StoreReadError } from '../storeErrors.js';
import type { PgContext } from './pgContext.js';
import { pgFailureOf } from './pgErrors.js';

export async function* readErrorsOf<T>(items: AsyncIterator<T, void, undefined>, ctx: PgContext, what: string): AsyncGenerator<T, void, undefined> {
  for (;;) {
    if (ctx.closed) throw new StoreReadError('closed', `${what}: the store closed mid-export`);
    let next: IteratorResult<T, void>;
    try {
      next = await items.next();
    } catch (err) {
      const result = pgFailureOf(err, what);
      if (result === null) throw err;
      throw new StoreReadError(result.code, result.message);
    }
    if (next.done === true) return;
    yield next.value;
  }
}
