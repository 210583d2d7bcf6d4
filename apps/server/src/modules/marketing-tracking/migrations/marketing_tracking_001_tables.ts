import { sql, type Kysely } from 'kysely';

/**
 * Website tracking: the sites an admin tracks, visitors (a first-party id, later tied to a lead or
 * contact), their events, and the per-window hit counters of the public endpoint.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS tracking_sites (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_key text NOT NULL UNIQUE,
      name text NOT NULL,
      allowed_origins jsonb NOT NULL DEFAULT '[]',
      retention_days integer NOT NULL DEFAULT 180,
      honour_dnt boolean NOT NULL DEFAULT true,
      require_consent boolean NOT NULL DEFAULT false,
      active boolean NOT NULL DEFAULT true,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // A visitor id is a random UUID made by the browser, so one id is one browser across sites.
  await sql`
    CREATE TABLE IF NOT EXISTS tracking_visitors (
      visitor_id uuid PRIMARY KEY,
      object text,
      record_id uuid,
      identified_by text,
      identified_at timestamptz,
      first_seen timestamptz NOT NULL DEFAULT now(),
      last_seen timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS tracking_visitors_record ON tracking_visitors (record_id) WHERE record_id IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS tracking_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      site_id uuid NOT NULL REFERENCES tracking_sites (id) ON DELETE CASCADE,
      visitor_id uuid NOT NULL,
      type text NOT NULL,
      name text,
      url text,
      path text,
      title text,
      referrer text,
      target text,
      props jsonb,
      at timestamptz NOT NULL
    )`.execute(db);
  // A person's events (timeline, interests) and a site's old events (retention purge).
  await sql`CREATE INDEX IF NOT EXISTS tracking_events_visitor ON tracking_events (visitor_id, at)`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS tracking_events_site_at ON tracking_events (site_id, at)`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS tracking_hits (
      ip text NOT NULL,
      window_start timestamptz NOT NULL,
      hits integer NOT NULL DEFAULT 1,
      PRIMARY KEY (ip, window_start)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS tracking_hits, tracking_events, tracking_visitors, tracking_sites`.execute(db);
}
