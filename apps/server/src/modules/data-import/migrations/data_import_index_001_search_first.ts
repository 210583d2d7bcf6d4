import { sql, type Kysely } from 'kysely';

/**
 * The deferred pass of a large import builds search terms for all its records first, then the
 * duplicate match keys, so the records are searchable without waiting for the keys. search_after
 * is the search phase's checkpoint (last record id given terms), searched_rows its progress and
 * searched_at when it ended; index_after / indexed_rows stay the key phase's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE imports
      ADD COLUMN IF NOT EXISTS search_after uuid,
      ADD COLUMN IF NOT EXISTS searched_rows integer NOT NULL DEFAULT 0,
      ADD COLUMN IF NOT EXISTS searched_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE imports DROP COLUMN IF EXISTS search_after, DROP COLUMN IF EXISTS searched_rows, DROP COLUMN IF EXISTS searched_at`.execute(db);
}
