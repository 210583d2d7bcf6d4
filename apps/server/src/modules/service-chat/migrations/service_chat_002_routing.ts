import { sql, type Kysely } from 'kysely';

/**
 * Live chat, second step: routing to support groups (the widget's default group and the topics a
 * visitor may pick, each naming a group), the time after which an unanswered chat counts as missed,
 * and files sent in a chat (kept in the database like ticket attachments).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE chat_settings ADD COLUMN IF NOT EXISTS default_group_id uuid`.execute(db);
  await sql`ALTER TABLE chat_settings ADD COLUMN IF NOT EXISTS topics jsonb NOT NULL DEFAULT '[]'`.execute(db);
  await sql`ALTER TABLE chat_settings ADD COLUMN IF NOT EXISTS missed_after_s integer NOT NULL DEFAULT 120`.execute(db);
  await sql`ALTER TABLE chat_sessions ADD COLUMN IF NOT EXISTS group_id uuid`.execute(db);
  await sql`ALTER TABLE chat_sessions ADD COLUMN IF NOT EXISTS topic text`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS chat_attachments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      session_id uuid NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
      message_id bigint NOT NULL REFERENCES chat_messages (id) ON DELETE CASCADE,
      filename text NOT NULL,
      content_type text NOT NULL,
      size integer NOT NULL,
      content bytea NOT NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX IF NOT EXISTS chat_attachments_message ON chat_attachments (message_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS chat_attachments`.execute(db);
  await sql`ALTER TABLE chat_sessions DROP COLUMN IF EXISTS group_id, DROP COLUMN IF EXISTS topic`.execute(db);
  await sql`ALTER TABLE chat_settings DROP COLUMN IF EXISTS default_group_id, DROP COLUMN IF EXISTS topics, DROP COLUMN IF EXISTS missed_after_s`.execute(db);
}
