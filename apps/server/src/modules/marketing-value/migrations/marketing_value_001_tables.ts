import { sql, type Kysely } from 'kysely';

/**
 * The numbers behind each customer's value and churn scores (for the value card), and the churn
 * models trained on the install's own customers with their held-out AUC. The scores themselves
 * are engine fields on customers, added by the module's metadata.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS marketing_value_scores (
      customer_id uuid PRIMARY KEY,
      details jsonb NOT NULL,
      computed_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS marketing_value_models (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trained_at timestamptz NOT NULL DEFAULT now(),
      samples integer NOT NULL,
      churned integer NOT NULL,
      test_samples integer NOT NULL,
      model_auc double precision,
      rules_auc double precision,
      used boolean NOT NULL,
      model jsonb,
      note text
    )`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS marketing_value_runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      customers integer NOT NULL DEFAULT 0,
      changed integer NOT NULL DEFAULT 0,
      method text NOT NULL DEFAULT 'rules'
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS marketing_value_runs`.execute(db);
  await sql`DROP TABLE IF EXISTS marketing_value_models`.execute(db);
  await sql`DROP TABLE IF EXISTS marketing_value_scores`.execute(db);
}
