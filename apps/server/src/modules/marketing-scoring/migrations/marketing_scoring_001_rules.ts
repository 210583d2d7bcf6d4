import { sql, type Kysely } from 'kysely';

/**
 * Lead scoring rules: behaviour (website events, e-mail opens/clicks, web-form submissions, with a
 * half-life) and fit (a field condition on the lead or contact). The scores themselves are engine
 * fields on leads and contacts, added by the module's metadata.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS scoring_rules (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('behaviour', 'fit')),
      object text CHECK (object IN ('leads', 'contacts')),
      activity text,
      match text,
      condition jsonb,
      points integer NOT NULL,
      half_life_days integer,
      max_points integer,
      active boolean NOT NULL DEFAULT true,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS scoring_rules`.execute(db);
}
