import { sql, type Kysely } from 'kysely';

/**
 * Import warnings (modules/data-import): a row that goes in but with something the user should
 * look at (a phone kept as written because it is no phone number), listed like rejected rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS import_warnings (
      import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      row_number integer NOT NULL,
      warning text NOT NULL,
      PRIMARY KEY (import_id, row_number)
    )`.execute(db);
  await sql`ALTER TABLE imports ADD COLUMN IF NOT EXISTS warning_count integer NOT NULL DEFAULT 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS import_warnings`.execute(db);
  await sql`ALTER TABLE imports DROP COLUMN IF EXISTS warning_count`.execute(db);
}
