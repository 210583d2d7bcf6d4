import { sql, type Kysely } from 'kysely';

/**
 * The support mailbox (modules/service-mail): its IMAP settings, where each folder's poll got to
 * (per UIDVALIDITY), and every fetched mail once, keyed by mailbox + UIDVALIDITY + UID so no mail
 * is processed twice across restarts and instances, and by Message-ID so a copy is not either.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS mailbox_settings (
      id int PRIMARY KEY CHECK (id = 1),
      host text NOT NULL,
      port int NOT NULL,
      security text NOT NULL,
      username text NOT NULL,
      password text,
      folder text NOT NULL DEFAULT 'INBOX',
      processed_folder text,
      poll_interval_seconds int NOT NULL DEFAULT 60,
      max_attachment_bytes int NOT NULL DEFAULT 10485760,
      flood_limit_per_hour int NOT NULL DEFAULT 30,
      enabled boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS inbound_mailbox_state (
      mailbox text PRIMARY KEY,
      uidvalidity bigint NOT NULL,
      last_uid bigint NOT NULL DEFAULT 0,
      polled_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS inbound_mails (
      id bigserial PRIMARY KEY,
      mailbox text NOT NULL,
      uidvalidity bigint NOT NULL,
      uid bigint NOT NULL,
      message_id text,
      status text NOT NULL DEFAULT 'claimed',
      reason text,
      ticket_id text,
      raw_size int NOT NULL DEFAULT 0,
      from_address text,
      subject text,
      auto_reply boolean NOT NULL DEFAULT false,
      raw bytea,
      claim_token uuid,
      claimed_until timestamptz,
      attempts int NOT NULL DEFAULT 0,
      received_at timestamptz NOT NULL DEFAULT now(),
      processed_at timestamptz,
      UNIQUE (mailbox, uidvalidity, uid)
    )`.execute(db);
  // One delivery per Message-ID: a second copy (another folder, a re-sent mail) is ignored.
  await sql`CREATE UNIQUE INDEX IF NOT EXISTS inbound_mails_delivered_message_id ON inbound_mails (message_id) WHERE status = 'delivered'`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS inbound_mails_status ON inbound_mails (status, received_at DESC)`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS inbound_mails_sender ON inbound_mails (from_address, received_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS inbound_mails`.execute(db);
  await sql`DROP TABLE IF EXISTS inbound_mailbox_state`.execute(db);
  await sql`DROP TABLE IF EXISTS mailbox_settings`.execute(db);
}
