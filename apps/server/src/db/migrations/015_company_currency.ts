import { sql, type Kysely } from 'kysely';

/**
 * The company currency (本位币, CNY unless an admin changes it) and exchange rates into it, so
 * sums across records in several currencies add up to one meaningful figure.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE company_settings ADD COLUMN IF NOT EXISTS currency char(3) NOT NULL DEFAULT 'CNY'`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS currency_rates (
      currency char(3) PRIMARY KEY,
      rate numeric(20, 10) NOT NULL CHECK (rate > 0),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS currency_rates`.execute(db);
  await sql`ALTER TABLE company_settings DROP COLUMN IF EXISTS currency`.execute(db);
}
