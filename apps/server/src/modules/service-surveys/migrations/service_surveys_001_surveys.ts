import { sql, type Kysely } from 'kysely';

/**
 * General surveys (modules/service-surveys): the survey with its questions (JSON, fixed once it is
 * opened), who was invited, one response per contact and survey (answering again edits it) and its
 * answers, one row per question so results aggregate in SQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS surveys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      title_zh text NOT NULL,
      title_en text NOT NULL,
      intro_zh text,
      intro_en text,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
      questions jsonb NOT NULL DEFAULT '[]',
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS survey_invitations (
      survey_id uuid NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
      contact_id uuid NOT NULL,
      email text NOT NULL,
      sent_by uuid,
      sent_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (survey_id, contact_id)
    )`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS survey_responses (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      survey_id uuid NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
      contact_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (survey_id, contact_id)
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS survey_responses_contact ON survey_responses (contact_id)`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS survey_answers (
      response_id uuid NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
      survey_id uuid NOT NULL,
      question_id text NOT NULL,
      number_value integer,
      choice_values text[],
      text_value text,
      PRIMARY KEY (response_id, question_id)
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS survey_answers_question ON survey_answers (survey_id, question_id)`.execute(db);
  // Installs from before surveys: managers run them, agents read them (new installs get it from builtin-roles.ts).
  for (const [key, permission] of Object.entries(ROLE_ADDITIONS)) {
    await sql`
      UPDATE roles SET permissions = jsonb_set(permissions::jsonb, '{objects}', (permissions::jsonb -> 'objects') || ${JSON.stringify({ surveys: permission })}::jsonb)
      WHERE builtin AND key = ${key} AND (permissions::jsonb -> 'objects' -> 'surveys') IS NULL`.execute(db);
  }
}

const ROLE_ADDITIONS = {
  service_agent: { read: 'all', create: 'none', update: 'none', delete: 'none', export: 'none' },
  support_manager: { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'all' },
};

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS survey_answers, survey_responses, survey_invitations, surveys`.execute(db);
}
