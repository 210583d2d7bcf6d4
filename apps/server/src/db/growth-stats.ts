import { sql, type Kysely } from 'kysely';
import type { Database } from './types.js';

/** Below this many new rows a table is never re-analyzed for growth: small writes need no new plans. */
const MIN_GROWTH = 20_000;

interface Growth {
  /** Rows the table held at its last analyze (its planner estimate when first seen). */
  base: number;
  grown: number;
}
const tables = new Map<string, Growth>();

/**
 * Bulk work that grows a table from a few rows to a million (an import, its deferred index pass)
 * calls this after each batch. PGlite has no autovacuum, and a PostgreSQL server may run without
 * it; either way the planner would keep the statistics of the nearly empty table, and its plans
 * for it (a bitmap AND over a whole partial index, a hash join over a sequential scan) cost a
 * second per batch at a million rows. A table is analyzed each time it has grown by as much as it
 * held at its last analyze, so a million-row import analyzes about six times.
 */
export async function noteGrowth(db: Kysely<Database>, table: string, added: number): Promise<void> {
  let growth = tables.get(table);
  if (!growth) {
    const { rows } = await sql<{ n: number }>`SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = to_regclass(${table})`.execute(db);
    growth = { base: Number(rows[0]?.n ?? 0), grown: 0 };
    tables.set(table, growth);
  }
  growth.grown += added;
  if (growth.grown < Math.max(MIN_GROWTH, growth.base)) return;
  await sql`ANALYZE ${sql.table(table)}`.execute(db);
  growth.base += growth.grown;
  growth.grown = 0;
}
