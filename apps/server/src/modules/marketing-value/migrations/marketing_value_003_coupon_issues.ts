import { sql, type Kysely } from 'kysely';

/**
 * Which coupon an automation run issued to which customer or contact: a run that issues for a
 * whole segment, retried or run again with the same key, skips members it already served.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS marketing_coupon_issues (
      issue_key text NOT NULL,
      record_id uuid NOT NULL,
      coupon_id uuid NOT NULL,
      issued_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (issue_key, record_id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS marketing_coupon_issues`.execute(db);
}
