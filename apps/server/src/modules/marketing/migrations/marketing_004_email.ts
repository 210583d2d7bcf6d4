import { sql, type Kysely } from 'kysely';

/**
 * E-mail marketing: who gets which send (one row per send and contact, claimed before SMTP), the
 * run state of each send (lease of the worker, next slot of the throttle), suppressed addresses
 * (hard bounces, unsubscribes), the secret that signs tracking links, and the public endpoints'
 * hit counter. Templates and sends themselves are engine objects synced from metadata.
 * Installs from before: the built-in marketer gets their own templates and sends.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS marketing_send_recipients (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      send_id uuid NOT NULL,
      contact_id uuid NOT NULL,
      email text,
      state text NOT NULL,
      skip_reason text,
      attempts integer NOT NULL DEFAULT 0,
      retry_at timestamptz,
      error text,
      claimed_at timestamptz,
      sent_at timestamptz,
      opened_at timestamptz,
      clicked_at timestamptz,
      unsubscribed_at timestamptz,
      open_count integer NOT NULL DEFAULT 0,
      click_count integer NOT NULL DEFAULT 0,
      UNIQUE (send_id, contact_id)
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS marketing_send_recipients_queue ON marketing_send_recipients (send_id, state)`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS marketing_send_runs (
      send_id uuid PRIMARY KEY,
      status text NOT NULL,
      rate_per_minute integer NOT NULL,
      locale text NOT NULL,
      worker text,
      lease_until timestamptz,
      next_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS marketing_suppressions (
      email text PRIMARY KEY,
      reason text NOT NULL,
      detail text,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE TABLE IF NOT EXISTS marketing_settings (id integer PRIMARY KEY, link_secret text NOT NULL)`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS marketing_hits (
      ip text NOT NULL,
      window_start timestamptz NOT NULL,
      hits integer NOT NULL DEFAULT 0,
      PRIMARY KEY (ip, window_start)
    )`.execute(db);
  const own = { read: 'own', create: 'own', update: 'own', delete: 'own', export: 'none' };
  const grants = { marketing_templates: own, marketing_sends: own };
  await sql`
    UPDATE roles SET permissions = jsonb_set(permissions::jsonb, '{objects}', ${JSON.stringify(grants)}::jsonb || (permissions::jsonb -> 'objects'))
    WHERE builtin AND key = 'marketer'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS marketing_hits, marketing_settings, marketing_suppressions, marketing_send_runs, marketing_send_recipients`.execute(db);
}
