import { sql, type Kysely } from 'kysely';

/** Members of static segments (the segments table itself is an engine object synced from metadata). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS marketing_segment_members (
      segment_id uuid NOT NULL,
      record_id uuid NOT NULL,
      added_by uuid,
      added_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (segment_id, record_id)
    )`.execute(db);
  // "Which segments is this record in" (automation condition) reads by record.
  await sql`CREATE INDEX IF NOT EXISTS marketing_segment_members_record ON marketing_segment_members (record_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS marketing_segment_members`.execute(db);
}
