import { sql, type Kysely } from 'kysely';
import type { Database } from './types.js';

/** Below this many new rows a table is never re-analyzed for growth: small writes need no new plans. */
const MIN_GROWTH = 20_000;
/**
 * Analyzed again once it holds this many times more rows than at its last analyze. Between two, the
 * planner scales its row estimates by the table's pages, so what goes wrong is only a table first
 * seen (nearly) empty; each analyze of a million-row table costs about a second.
 */
const GROWTH_FACTOR = 5;

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
 * second per batch at a million rows. A table is analyzed once it has grown by 20,000 rows and
 * then each time it holds five times what it held at its last analyze: three times in a
 * million-row import.
 */
export async function noteGrowth(db: Kysely<Database>, table: string, added: number): Promise<void> {
  let growth = tables.get(table);
  if (!growth) {
    const { rows } = await sql<{ n: number }>`SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = to_regclass(${table})`.execute(db);
    growth = { base: Number(rows[0]?.n ?? 0), grown: 0 };
    tables.set(table, growth);
  }
  growth.grown += added;
  if (growth.grown < Math.max(MIN_GROWTH, growth.base * (GROWTH_FACTOR - 1))) return;
  await sql`ANALYZE ${sql.table(table)}`.execute(db);
  growth.base += growth.grown;
  growth.grown = 0;
}
