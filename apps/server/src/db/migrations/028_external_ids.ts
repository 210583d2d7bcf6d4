import { sql, type Kysely } from 'kysely';

/**
 * External ids (issue 11). Object tables get their external_id column from table sync (it is a
 * system field of every object); users get one here, so an import's OwnerId (Salesforce 005…)
 * finds its user. Imports count and list the placeholder records "create missing relations" made.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN IF NOT EXISTS external_id text`.execute(db);
  await sql`CREATE UNIQUE INDEX IF NOT EXISTS users_external_id_unique ON users (external_id) WHERE external_id IS NOT NULL`.execute(db);
  await sql`ALTER TABLE imports ADD COLUMN IF NOT EXISTS placeholder_count integer NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE import_changes ADD COLUMN IF NOT EXISTS placeholder boolean NOT NULL DEFAULT false`.execute(db);
  // Per relation column, how the validation pass matched its cells (external id, name, e-mail) and how many it could not.
  await sql`ALTER TABLE imports ADD COLUMN IF NOT EXISTS link_stats jsonb`.execute(db);
  // A row naming another row of the same file (a parent company further down) is linked once every row is written.
  await sql`
    CREATE TABLE IF NOT EXISTS import_deferred_links (
      import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      record_id uuid NOT NULL,
      field text NOT NULL,
      target text NOT NULL,
      PRIMARY KEY (import_id, record_id, field)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS import_deferred_links`.execute(db);
  await sql`ALTER TABLE imports DROP COLUMN IF EXISTS link_stats`.execute(db);
  await sql`ALTER TABLE import_changes DROP COLUMN IF EXISTS placeholder`.execute(db);
  await sql`ALTER TABLE imports DROP COLUMN IF EXISTS placeholder_count`.execute(db);
  await sql`DROP INDEX IF EXISTS users_external_id_unique`.execute(db);
  await sql`ALTER TABLE users DROP COLUMN IF EXISTS external_id`.execute(db);
}
