import { sql, type Kysely } from 'kysely';

/**
 * Ticket assignment by skill: each group member may carry the ticket categories they handle
 * (empty: none in particular). The round-robin cursor table already exists (service_001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE support_group_members ADD COLUMN IF NOT EXISTS categories text[] NOT NULL DEFAULT '{}'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE support_group_members DROP COLUMN IF EXISTS categories`.execute(db);
}
