import { sql, type Kysely } from 'kysely';

/**
 * Self-service portal (modules/service-portal): contacts' one-time sign-in codes and sessions (a
 * separate identity from staff users), the per-address/IP counters that rate-limit them, the CSAT
 * answers per ticket and the secret that signs the survey links.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS portal_login_codes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL,
      contact_id uuid NOT NULL,
      code_hash text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS portal_login_codes_email ON portal_login_codes (email, created_at DESC)`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS portal_sessions (
      token_hash text PRIMARY KEY,
      contact_id uuid NOT NULL,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS portal_hits (
      ip text NOT NULL,
      window_start timestamptz NOT NULL,
      hits integer NOT NULL DEFAULT 0,
      PRIMARY KEY (ip, window_start)
    )`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS ticket_ratings (
      ticket_id uuid PRIMARY KEY,
      rating integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
      comment text,
      agent_user_id uuid,
      customer_id uuid,
      contact_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS ticket_ratings_agent ON ticket_ratings (agent_user_id)`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS ticket_ratings_customer ON ticket_ratings (customer_id)`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS portal_settings (
      id integer PRIMARY KEY CHECK (id = 1),
      link_secret text NOT NULL
    )`.execute(db);
  // gen_random_uuid draws from the server's strong random source: 244 random bits.
  await sql`INSERT INTO portal_settings (id, link_secret) VALUES (1, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')) ON CONFLICT DO NOTHING`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS portal_settings, ticket_ratings, portal_hits, portal_sessions, portal_login_codes`.execute(db);
}
