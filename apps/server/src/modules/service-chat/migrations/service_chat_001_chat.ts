import { sql, type Kysely } from 'kysely';

/**
 * Live chat (modules/service-chat): the widget's settings (one row: switch, allowed origins,
 * greetings, the widget token and the secret that signs visitor tokens), agents' availability,
 * chat sessions and their messages, and the per-IP/visitor counters that rate-limit the widget.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS chat_settings (
      id integer PRIMARY KEY CHECK (id = 1),
      enabled boolean NOT NULL DEFAULT false,
      token text NOT NULL,
      visitor_secret text NOT NULL,
      allowed_origins text[] NOT NULL DEFAULT '{}',
      greeting_zh text NOT NULL DEFAULT '您好，有什么可以帮您？',
      greeting_en text NOT NULL DEFAULT 'Hello! How can we help you?',
      offline_zh text NOT NULL DEFAULT '客服暂时不在线，请留下邮箱和问题，我们会尽快回复。',
      offline_en text NOT NULL DEFAULT 'No agent is online right now. Leave your e-mail and question and we will reply soon.',
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // gen_random_uuid draws from the server's strong random source.
  await sql`
    INSERT INTO chat_settings (id, token, visitor_secret)
    VALUES (1, replace(gen_random_uuid()::text, '-', ''), replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
    ON CONFLICT DO NOTHING`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS chat_agents (
      user_id uuid PRIMARY KEY,
      online boolean NOT NULL DEFAULT false,
      seen_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS chat_sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      visitor_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('waiting', 'active', 'ended', 'missed')),
      visitor_name text,
      visitor_email text,
      language text NOT NULL DEFAULT 'zh',
      page_url text,
      ip text,
      contact_id uuid,
      customer_id uuid,
      agent_id uuid,
      ticket_id uuid,
      activity_id uuid,
      started_at timestamptz NOT NULL DEFAULT now(),
      accepted_at timestamptz,
      ended_at timestamptz,
      last_message_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS chat_sessions_open ON chat_sessions (status, started_at) WHERE status IN ('waiting', 'active')`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS chat_sessions_visitor ON chat_sessions (visitor_id, started_at DESC)`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS chat_sessions_agent ON chat_sessions (agent_id, status)`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS chat_messages (
      id bigserial PRIMARY KEY,
      session_id uuid NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
      author text NOT NULL CHECK (author IN ('visitor', 'agent', 'system')),
      agent_id uuid,
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS chat_messages_session ON chat_messages (session_id, id)`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS chat_hits (
      ip text NOT NULL,
      window_start timestamptz NOT NULL,
      hits integer NOT NULL DEFAULT 0,
      PRIMARY KEY (ip, window_start)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS chat_hits, chat_messages, chat_sessions, chat_agents, chat_settings`.execute(db);
}
