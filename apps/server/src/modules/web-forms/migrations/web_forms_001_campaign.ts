import { sql, type Kysely } from 'kysely';

/** A web form may name the campaign its leads belong to (no foreign key: campaigns are an engine object, soft-deleted). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE web_forms ADD COLUMN IF NOT EXISTS campaign_id uuid`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE web_forms DROP COLUMN IF EXISTS campaign_id`.execute(db);
}
