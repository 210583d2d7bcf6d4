import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';

export interface RunLogFilter {
  ruleId?: string;
  recordId?: string;
  status?: string;
  limit: number;
  before?: string;
}

/** Runs newest first, each with its rule name and its actions (what each did, error, attempts, duration). */
export async function readRunLog(db: Kysely<Database>, filter: RunLogFilter) {
  let q = db
    .selectFrom('automation_runs as r')
    .innerJoin('automation_rules as rule', 'rule.id', 'r.rule_id')
    .select(['r.id', 'r.rule_id', 'rule.name as rule_name', 'r.event', 'r.object', 'r.record_id', 'r.depth', 'r.status', 'r.conditions', 'r.error', 'r.started_at', 'r.finished_at', 'r.duration_ms'])
    .orderBy('r.started_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(filter.limit);
  if (filter.ruleId) q = q.where('r.rule_id', '=', filter.ruleId);
  if (filter.recordId) q = q.where('r.record_id', '=', filter.recordId);
  if (filter.status) q = q.where('r.status', '=', filter.status);
  if (filter.before) q = q.where('r.started_at', '<', new Date(filter.before));
  const runs = await q.execute();
  if (!runs.length) return [];
  const actions = await db
    .selectFrom('automation_action_runs')
    .select(['id', 'run_id', 'position', 'type', 'status', 'result', 'error', 'attempts', 'duration_ms', 'updated_at'])
    .where('run_id', 'in', runs.map((r) => r.id))
    .orderBy('position')
    .execute();
  return runs.map((r) => ({ ...r, actions: actions.filter((a) => a.run_id === r.id) }));
}

/** Per rule: last run time and the number of failed runs (for the rule list); index lookups per rule, not a walk over the log. */
export async function ruleRunStats(db: Kysely<Database>) {
  const { rows } = await sql<{ rule_id: string; last_run_at: Date | null; failures: string }>`
    SELECT r.id AS rule_id,
      (SELECT max(started_at) FROM automation_runs x WHERE x.rule_id = r.id AND x.status <> 'not_matched') AS last_run_at,
      (SELECT count(*) FROM automation_runs x WHERE x.rule_id = r.id AND x.status = 'failed') AS failures
    FROM automation_rules r`.execute(db);
  return new Map(rows.map((r) => [r.rule_id, { lastRunAt: r.last_run_at, failures: Number(r.failures) }]));
}
