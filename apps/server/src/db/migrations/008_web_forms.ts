import { sql, type Kysely } from 'kysely';

/**
 * Lead capture and the public pool (公海): web forms with their submissions log, a per-IP counter
 * for rate limiting that every app instance shares, and per-role caps on owned records.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE web_forms (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      token text NOT NULL UNIQUE,
      name text NOT NULL,
      source text NOT NULL DEFAULT 'website',
      -- [{field, labelZh, labelEn, required}] in display order
      fields jsonb NOT NULL,
      title_zh text, title_en text,
      thank_you_zh text, thank_you_en text,
      redirect_url text,
      active boolean NOT NULL DEFAULT true,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    -- outcome: created (a new lead), linked (an existing lead/contact got a follow-up), spam (honeypot)
    CREATE TABLE web_form_submissions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      form_id uuid NOT NULL REFERENCES web_forms(id) ON DELETE CASCADE,
      outcome text NOT NULL,
      object text,
      record_id uuid,
      ip text,
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX web_form_submissions_form_idx ON web_form_submissions (form_id, at DESC);
    CREATE TABLE web_form_hits (
      ip text NOT NULL,
      window_start timestamptz NOT NULL,
      hits integer NOT NULL DEFAULT 0,
      PRIMARY KEY (ip, window_start)
    );
    CREATE TABLE pool_caps (
      role_id uuid NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
      object text NOT NULL,
      max_owned integer NOT NULL,
      PRIMARY KEY (role_id, object)
    );`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS pool_caps, web_form_hits, web_form_submissions, web_forms`.execute(db);
}
