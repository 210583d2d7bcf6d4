import { sql, type Kysely } from 'kysely';

/**
 * Customer service (modules/service). The tickets and support_groups tables themselves are engine
 * objects synced from metadata; this adds what the engine does not own: the ticket number sequence
 * (race-safe across instances, never reused), the conversation, group members, canned replies,
 * reply presence, SLA policies and the support calendar.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE SEQUENCE IF NOT EXISTS ticket_number_seq START 1`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS ticket_messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      ticket_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('reply', 'note')),
      direction text NOT NULL CHECK (direction IN ('in', 'out')),
      author_user_id uuid REFERENCES users(id),
      author_contact_id uuid,
      author_name text,
      author_email text,
      body_text text NOT NULL DEFAULT '',
      body_html text,
      email_message_id text,
      in_reply_to text,
      mentions uuid[] NOT NULL DEFAULT '{}',
      dropped_attachments jsonb NOT NULL DEFAULT '[]',
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS ticket_messages_ticket ON ticket_messages (ticket_id, created_at, id)`.execute(db);
  await sql`CREATE UNIQUE INDEX IF NOT EXISTS ticket_messages_message_id ON ticket_messages (email_message_id) WHERE email_message_id IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS ticket_attachments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      message_id uuid NOT NULL REFERENCES ticket_messages(id) ON DELETE CASCADE,
      filename text NOT NULL,
      content_type text NOT NULL,
      size integer NOT NULL,
      content bytea NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS ticket_attachments_message ON ticket_attachments (message_id)`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS ticket_presence (
      ticket_id uuid NOT NULL,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (ticket_id, user_id)
    )`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS support_group_members (
      group_id uuid NOT NULL,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      PRIMARY KEY (group_id, user_id)
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS support_group_members_user ON support_group_members (user_id)`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS support_agents (
      user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      away boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS support_assign_cursors (
      group_key text PRIMARY KEY,
      last_user_id uuid
    )`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS canned_replies (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      title text NOT NULL,
      body text NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS sla_policies (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      priorities text[] NOT NULL DEFAULT '{}',
      customer_statuses text[] NOT NULL DEFAULT '{}',
      categories text[] NOT NULL DEFAULT '{}',
      first_response_minutes integer NOT NULL,
      resolution_minutes integer NOT NULL,
      position integer NOT NULL DEFAULT 0,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS support_calendar (
      id integer PRIMARY KEY CHECK (id = 1),
      timezone text NOT NULL DEFAULT 'Asia/Shanghai',
      hours jsonb NOT NULL,
      use_china_holidays boolean NOT NULL DEFAULT true,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS support_calendar_days (
      day date PRIMARY KEY,
      working boolean NOT NULL,
      note text
    )`.execute(db);
  // Installs from before this module: the built-in 客服专员 gets its tickets (new installs get it from builtin-roles.ts).
  await sql`
    UPDATE roles SET permissions = jsonb_set(permissions::jsonb, '{objects}', (permissions::jsonb -> 'objects') || ${JSON.stringify(AGENT_ADDITIONS)}::jsonb)
    WHERE key = 'service_agent' AND builtin AND NOT ((permissions::jsonb -> 'objects') ? 'tickets')`.execute(db);
}

const READ_ALL = { read: 'all', create: 'none', update: 'none', delete: 'none', export: 'none' };
const AGENT_ADDITIONS = { tickets: { read: 'own', create: 'own', update: 'own', delete: 'own', export: 'none' }, support_groups: READ_ALL, canned_replies: READ_ALL };

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['support_calendar_days', 'support_calendar', 'sla_policies', 'canned_replies', 'support_assign_cursors', 'support_agents', 'support_group_members', 'ticket_presence', 'ticket_attachments', 'ticket_messages']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db);
  }
  await sql`DROP SEQUENCE IF EXISTS ticket_number_seq`.execute(db);
}
