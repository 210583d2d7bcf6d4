import { sql, type Kysely } from 'kysely';

/**
 * Deferred indexing of large imports (modules/data-import/index-import.ts): the import reports done
 * once its rows are committed, and a background pass builds their search terms and duplicate
 * match keys. index_status: null = built with the rows, 'pending' = being built, 'done'.
 * index_after is the pass's checkpoint (the last record id indexed, in id order).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE imports
      ADD COLUMN IF NOT EXISTS index_status text,
      ADD COLUMN IF NOT EXISTS index_after uuid,
      ADD COLUMN IF NOT EXISTS indexed_rows integer NOT NULL DEFAULT 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE imports DROP COLUMN IF EXISTS index_status, DROP COLUMN IF EXISTS index_after, DROP COLUMN IF EXISTS indexed_rows`.execute(db);
}
