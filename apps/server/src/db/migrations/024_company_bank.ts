import { sql, type Kysely } from 'kysely';

/** Bank details and tax number for the payment block of quote PDFs (Chinese B2B: 开户行, 账号, 税号). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE company_settings
      ADD COLUMN IF NOT EXISTS bank_name text NOT NULL DEFAULT '',
      ADD COLUMN IF NOT EXISTS bank_account text NOT NULL DEFAULT '',
      ADD COLUMN IF NOT EXISTS tax_id text NOT NULL DEFAULT ''`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE company_settings DROP COLUMN IF EXISTS bank_name, DROP COLUMN IF EXISTS bank_account, DROP COLUMN IF EXISTS tax_id`.execute(db);
}
