import type { DatabaseHandle } from './connection.js';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Called by bulk work between two batches (an automation drain's): lets interactive requests go
 * first. PGlite has one connection, used from this very thread, so without this a request's
 * queries each wait behind the next batch (a list request of three queries waited three batches).
 * Waits until no query has run or waited for a few turns of the event loop, at most `maxMs` so a
 * steady stream of requests cannot stop the bulk work. PostgreSQL's pool serves requests beside the
 * batch: one turn of the event loop is enough there.
 */
export async function yieldToQueries(handle: Pick<DatabaseHandle, 'kind' | 'pool'>, maxMs = 2000): Promise<void> {
  await turn();
  if (handle.kind !== 'pglite') return;
  const { pool } = handle;
  const until = Date.now() + maxMs;
  for (let quiet = 0; quiet < 3 && Date.now() < until; ) {
    await turn();
    quiet = pool.waitingCount === 0 && pool.idleCount === pool.totalCount ? quiet + 1 : 0;
  }
}
