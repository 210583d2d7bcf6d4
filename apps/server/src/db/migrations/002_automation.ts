import { sql, type Kysely } from 'kysely';

/**
 * Automation rules, their runs and per-action bookkeeping, territories and round-robin cursors;
 * teams get a lead (the "manager" of their members).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE teams ADD COLUMN lead_user_id uuid REFERENCES users(id) ON DELETE SET NULL;
    CREATE TABLE automation_rules (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      object text,
      trigger jsonb NOT NULL,
      conditions jsonb,
      actions jsonb NOT NULL DEFAULT '[]',
      enabled boolean NOT NULL DEFAULT false,
      builtin_key text UNIQUE,
      -- time-based triggers: everything due up to here has been scanned (advanced with compare-and-set)
      scanned_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE automation_runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      rule_id uuid NOT NULL REFERENCES automation_rules(id) ON DELETE CASCADE,
      event_key text NOT NULL,
      event jsonb NOT NULL,
      object text,
      record_id uuid,
      depth integer NOT NULL DEFAULT 0,
      status text NOT NULL,
      conditions jsonb,
      error text,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      duration_ms integer,
      UNIQUE (rule_id, event_key)
    );
    CREATE INDEX automation_runs_rule_idx ON automation_runs(rule_id, started_at DESC);
    CREATE INDEX automation_runs_failed_idx ON automation_runs(rule_id) WHERE status = 'failed';
    CREATE INDEX automation_runs_pending_idx ON automation_runs(started_at) WHERE status = 'pending';
    CREATE INDEX automation_runs_record_idx ON automation_runs(record_id, started_at DESC) WHERE record_id IS NOT NULL;
    CREATE TABLE automation_action_runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      run_id uuid NOT NULL REFERENCES automation_runs(id) ON DELETE CASCADE,
      position integer NOT NULL,
      type text NOT NULL,
      config jsonb NOT NULL DEFAULT '{}',
      -- rule + event + action index: an action takes effect once per triggering event
      idempotency_key text NOT NULL UNIQUE,
      status text NOT NULL DEFAULT 'pending',
      result jsonb,
      error text,
      attempts integer NOT NULL DEFAULT 0,
      duration_ms integer,
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (run_id, position)
    );
    CREATE INDEX automation_action_runs_failed_idx ON automation_action_runs(status) WHERE status = 'failed';
    CREATE TABLE automation_territories (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      field text NOT NULL,
      value text NOT NULL,
      team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE automation_assign_cursors (
      team_id uuid PRIMARY KEY REFERENCES teams(id) ON DELETE CASCADE,
      last_user_id uuid
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS automation_assign_cursors, automation_territories, automation_action_runs, automation_runs, automation_rules;
    ALTER TABLE teams DROP COLUMN IF EXISTS lead_user_id`.execute(db);
}
