import { sql, type Kysely } from 'kysely';

/**
 * Sends reach leads too: a recipient row names either a contact or a lead (exactly one), unique per
 * send for each; and it keeps the language it is sent in (the person's own, else the send's),
 * chosen when it was queued so a resumed send speaks the same language.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE marketing_send_recipients ADD COLUMN IF NOT EXISTS lead_id uuid`.execute(db);
  await sql`ALTER TABLE marketing_send_recipients ADD COLUMN IF NOT EXISTS locale text`.execute(db);
  await sql`ALTER TABLE marketing_send_recipients ALTER COLUMN contact_id DROP NOT NULL`.execute(db);
  await sql`ALTER TABLE marketing_send_recipients DROP CONSTRAINT IF EXISTS marketing_send_recipients_one_person`.execute(db);
  await sql`ALTER TABLE marketing_send_recipients ADD CONSTRAINT marketing_send_recipients_one_person CHECK (num_nonnulls(contact_id, lead_id) = 1)`.execute(db);
  await sql`CREATE UNIQUE INDEX IF NOT EXISTS marketing_send_recipients_lead ON marketing_send_recipients (send_id, lead_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM marketing_send_recipients WHERE lead_id IS NOT NULL`.execute(db);
  await sql`DROP INDEX IF EXISTS marketing_send_recipients_lead`.execute(db);
  await sql`ALTER TABLE marketing_send_recipients DROP CONSTRAINT IF EXISTS marketing_send_recipients_one_person`.execute(db);
  await sql`ALTER TABLE marketing_send_recipients ALTER COLUMN contact_id SET NOT NULL`.execute(db);
  await sql`ALTER TABLE marketing_send_recipients DROP COLUMN IF EXISTS lead_id, DROP COLUMN IF EXISTS locale`.execute(db);
}
