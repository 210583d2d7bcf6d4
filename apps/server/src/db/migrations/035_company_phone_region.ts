import { sql, type Kysely } from 'kysely';

/** The country phone numbers without +code are read in (imports, vCards) unless one is given: China until an admin changes it. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE company_settings ADD COLUMN IF NOT EXISTS phone_region char(2) NOT NULL DEFAULT 'CN'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE company_settings DROP COLUMN IF EXISTS phone_region`.execute(db);
}
