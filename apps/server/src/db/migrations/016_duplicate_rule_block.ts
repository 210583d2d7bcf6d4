import { sql, type Kysely } from 'kysely';

/**
 * 撞单: an administrator may make a duplicate rule block a new record that matches an existing one
 * anywhere in the company (not only among records the user may read).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE duplicate_rules ADD COLUMN IF NOT EXISTS block boolean NOT NULL DEFAULT false`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE duplicate_rules DROP COLUMN IF EXISTS block`.execute(db);
}
