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
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE import_changes DROP COLUMN IF EXISTS placeholder`.execute(db);
  await sql`ALTER TABLE imports DROP COLUMN IF EXISTS placeholder_count`.execute(db);
  await sql`DROP INDEX IF EXISTS users_external_id_unique`.execute(db);
  await sql`ALTER TABLE users DROP COLUMN IF EXISTS external_id`.execute(db);
}
