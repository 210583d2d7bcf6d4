import { sql, type Kysely } from 'kysely';
import { DEFAULT_TEMPLATES } from '../../modules/notifications/email/default-templates.js';

/** Notifications module: in-app notifications, delivery queue, preferences, robots, SMTP settings, e-mail templates. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notifications (
      id bigserial PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      kind text NOT NULL,
      title text NOT NULL,
      body text,
      link text,
      object text,
      record_id uuid,
      dedupe_key text,
      -- false when the recipient turned the in-app channel off for this kind: the row still
      -- guards idempotency and anchors the e-mail/robot deliveries, but is never listed.
      in_app boolean NOT NULL DEFAULT true,
      read_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX notifications_dedupe_idx ON notifications(user_id, dedupe_key);
    CREATE INDEX notifications_user_idx ON notifications(user_id, id DESC) WHERE in_app;
    CREATE INDEX notifications_unread_idx ON notifications(user_id, id DESC) WHERE in_app AND read_at IS NULL;

    CREATE TABLE notification_deliveries (
      id bigserial PRIMARY KEY,
      notification_id bigint REFERENCES notifications(id) ON DELETE CASCADE,
      channel text NOT NULL CHECK (channel IN ('email', 'robot')),
      user_id uuid REFERENCES users(id) ON DELETE SET NULL,
      payload jsonb NOT NULL,
      dedupe_key text UNIQUE,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'queued', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    );
    CREATE INDEX notification_deliveries_pending_idx ON notification_deliveries(id) WHERE status = 'pending';

    CREATE TABLE notification_preferences (
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      kind text NOT NULL,
      in_app boolean NOT NULL,
      email boolean NOT NULL,
      robot boolean NOT NULL,
      PRIMARY KEY (user_id, kind)
    );

    CREATE TABLE notification_robots (
      user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      provider text NOT NULL CHECK (provider IN ('wecom', 'dingtalk')),
      webhook_url text NOT NULL,
      secret text,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE smtp_settings (
      id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      host text NOT NULL,
      port integer NOT NULL,
      security text NOT NULL CHECK (security IN ('none', 'starttls', 'tls')),
      username text,
      password text,
      from_name text NOT NULL,
      from_address text NOT NULL,
      app_url text,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE email_templates (
      key text PRIMARY KEY,
      name text NOT NULL,
      subject_zh text NOT NULL,
      body_zh text NOT NULL,
      subject_en text NOT NULL,
      body_en text NOT NULL,
      builtin boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
  for (const t of DEFAULT_TEMPLATES) {
    await sql`INSERT INTO email_templates (key, name, subject_zh, body_zh, subject_en, body_en, builtin)
      VALUES (${t.key}, ${t.name}, ${t.subjectZh}, ${t.bodyZh}, ${t.subjectEn}, ${t.bodyEn}, true)`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS email_templates, smtp_settings, notification_robots, notification_preferences, notification_deliveries, notifications`.execute(db);
}
