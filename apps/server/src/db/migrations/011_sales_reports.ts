import { sql, type Kysely } from 'kysely';
import { WEEKLY_REPORT_TEMPLATE as t } from '../../modules/sales-reports/weekly/email-template.js';

/** Sales reports: stored weekly reports per rep and per team, and their e-mail template. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sales_weekly_reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      week_start date NOT NULL,
      subject_type text NOT NULL CHECK (subject_type IN ('user', 'team')),
      subject_id uuid NOT NULL,
      subject_name text NOT NULL,
      -- The users whose records the report counts: who may read it follows from them.
      owner_ids uuid[] NOT NULL,
      figures jsonb NOT NULL,
      generated_at timestamptz NOT NULL DEFAULT now(),
      -- null: made by the Monday rule.
      generated_by uuid REFERENCES users(id) ON DELETE SET NULL,
      UNIQUE (week_start, subject_type, subject_id)
    );
    CREATE INDEX sales_weekly_reports_week_idx ON sales_weekly_reports(week_start DESC);
  `.execute(db);
  await sql`INSERT INTO email_templates (key, name, subject_zh, body_zh, subject_en, body_en, builtin)
    VALUES (${t.key}, ${t.name}, ${t.subjectZh}, ${t.bodyZh}, ${t.subjectEn}, ${t.bodyEn}, true)
    ON CONFLICT (key) DO NOTHING`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS sales_weekly_reports`.execute(db);
  await sql`DELETE FROM email_templates WHERE key = 'weekly_report'`.execute(db);
}
