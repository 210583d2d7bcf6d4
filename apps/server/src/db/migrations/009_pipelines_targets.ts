import { sql, type Kysely } from 'kysely';

/**
 * Pipelines (several sales processes, each with ordered stages) and monthly sales targets.
 * Deal and lead columns (lost_reason, won_reason, converted_*_id) are standard fields of the sales
 * objects, created from metadata at start-up like every standard column.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE pipelines (
      key text PRIMARY KEY,
      name_zh text NOT NULL,
      name_en text NOT NULL,
      position integer NOT NULL DEFAULT 0,
      is_default boolean NOT NULL DEFAULT false,
      archived boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    -- Every pipeline ends with the stages 'won' and 'lost', so deals.stage = 'won' means won everywhere.
    CREATE TABLE pipeline_stages (
      pipeline_key text NOT NULL REFERENCES pipelines (key) ON DELETE CASCADE,
      key text NOT NULL,
      name_zh text NOT NULL,
      name_en text NOT NULL,
      position integer NOT NULL,
      probability integer NOT NULL CHECK (probability BETWEEN 0 AND 100),
      color text,
      -- deal fields that must have a value before a deal may enter this stage
      required_fields text[] NOT NULL DEFAULT '{}',
      PRIMARY KEY (pipeline_key, key)
    );
    CREATE TABLE sales_targets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      month date NOT NULL CHECK (extract(day FROM month) = 1),
      user_id uuid REFERENCES users (id) ON DELETE CASCADE,
      team_id uuid REFERENCES teams (id) ON DELETE CASCADE,
      amount numeric(18,2) NOT NULL CHECK (amount >= 0),
      currency text NOT NULL DEFAULT 'CNY',
      updated_by uuid,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((user_id IS NULL) <> (team_id IS NULL))
    );
    CREATE UNIQUE INDEX sales_targets_user_month_idx ON sales_targets (month, user_id) WHERE user_id IS NOT NULL;
    CREATE UNIQUE INDEX sales_targets_team_month_idx ON sales_targets (month, team_id) WHERE team_id IS NOT NULL;
    -- The standard pipeline every install had before (the deals.stage options and their probabilities).
    INSERT INTO pipelines (key, name_zh, name_en, position, is_default) VALUES ('standard', '标准销售流程', 'Standard pipeline', 0, true);
    INSERT INTO pipeline_stages (pipeline_key, key, name_zh, name_en, position, probability, color) VALUES
      ('standard', 'initial', '初步接洽', 'Initial contact', 0, 10, 'blue'),
      ('standard', 'qualified', '需求确认', 'Qualified', 1, 25, 'cyan'),
      ('standard', 'proposal', '方案报价', 'Proposal', 2, 50, 'geekblue'),
      ('standard', 'negotiation', '谈判审核', 'Negotiation', 3, 75, 'orange'),
      ('standard', 'won', '赢单', 'Won', 4, 100, 'green'),
      ('standard', 'lost', '输单', 'Lost', 5, 0, 'red');
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE sales_targets; DROP TABLE pipeline_stages; DROP TABLE pipelines;`.execute(db);
}
