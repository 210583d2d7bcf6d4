import type PgBoss from 'pg-boss';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Evaluation } from '../conditions.js';
import type { AutomationEvent } from '../registry.js';
import type { Rule } from '../rule-schema.js';

/** Runs set off by people and the clock (a web-form lead, a task reminder, a user's edit). */
export const RUNS_QUEUE = 'automation-runs';
/** Runs set off by bulk writes (imports): their own queue, so they never hold up the interactive ones. */
export const BULK_RUNS_QUEUE = 'automation-runs-bulk';
export type RunsQueue = typeof RUNS_QUEUE | typeof BULK_RUNS_QUEUE;
/** A rule-made change may set off further rules this many times; deeper runs are stopped and logged. */
export const MAX_CHAIN_DEPTH = 5;

export type RunStatus = 'pending' | 'done' | 'failed' | 'not_matched' | 'stopped';

export interface PlanInput {
  rule: Rule;
  event: AutomationEvent;
  evaluation: Evaluation | null;
}

/**
 * Records one firing of a rule for one event, in the caller's transaction: the run row (unique per
 * rule + event, so a repeated delivery plans nothing), one row per action (idempotency key rule +
 * event + index) and the job that will execute them. Either all of it commits or none of it.
 * Returns the run id, or null if this event already had a run for the rule.
 */
export async function planRun(trx: Kysely<Database>, boss: PgBoss | null, plan: PlanInput): Promise<string | null> {
  const [id] = await planRuns(trx, boss, [plan]);
  return id ?? null;
}

/**
 * planRun for many firings at once: three statements (runs, their actions, their jobs) whatever the
 * count, in the caller's transaction. Returns the ids of the runs it created (repeats are skipped).
 */
export async function planRuns(trx: Kysely<Database>, boss: PgBoss | null, plans: PlanInput[], queue: RunsQueue = RUNS_QUEUE): Promise<string[]> {
  if (!plans.length) return [];
  const rows = plans.map(({ rule, event, evaluation }) => {
    const stopped = event.depth >= MAX_CHAIN_DEPTH;
    const matched = !stopped && (evaluation?.matched ?? true);
    const status: RunStatus = stopped ? 'stopped' : !matched ? 'not_matched' : rule.actions.length ? 'pending' : 'done';
    return {
      rule_id: rule.id,
      event_key: event.key,
      event,
      object: event.object,
      record_id: event.recordId,
      depth: event.depth,
      status,
      conditions: evaluation,
      error: stopped ? `chain stopped: depth ${event.depth} reached the limit of ${MAX_CHAIN_DEPTH} rule-made changes in a row` : null,
      finished: status !== 'pending',
    };
  });
  const { rows: created } = await sql<{ id: string; rule_id: string; event_key: string; status: RunStatus }>`
    INSERT INTO automation_runs (rule_id, event_key, event, object, record_id, depth, status, conditions, error, finished_at, duration_ms)
    SELECT x.rule_id, x.event_key, x.event, x.object, x.record_id, x.depth, x.status, x.conditions, x.error,
      CASE WHEN x.finished THEN now() END, CASE WHEN x.finished THEN 0 END
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS x(rule_id uuid, event_key text, event jsonb, object text, record_id uuid, depth integer, status text, conditions jsonb, error text, finished boolean)
    ON CONFLICT (rule_id, event_key) DO NOTHING
    RETURNING id, rule_id, event_key, status`.execute(trx);
  const pending = created.filter((r) => r.status === 'pending');
  if (!pending.length) return created.map((r) => r.id);
  const byKey = new Map(plans.map((p) => [`${p.rule.id}\n${p.event.key}`, p]));
  const actions = pending.flatMap(({ id, rule_id, event_key }) => {
    const { rule, event } = byKey.get(`${rule_id}\n${event_key}`)!;
    return rule.actions.map((action, position) => {
      const { type, ...config } = action;
      return { run_id: id, position, type, config, idempotency_key: `${rule.id}:${event.key}:${position}` };
    });
  });
  await sql`
    INSERT INTO automation_action_runs (run_id, position, type, config, idempotency_key)
    SELECT x.run_id, x.position, x.type, x.config, x.idempotency_key
    FROM jsonb_to_recordset(${JSON.stringify(actions)}::jsonb) AS x(run_id uuid, position integer, type text, config jsonb, idempotency_key text)`.execute(trx);
  if (boss) await enqueueRuns(trx, boss, pending.map((r) => r.id), queue);
  return created.map((r) => r.id);
}

/** Queues runs for execution through the given executor (a transaction, so the job commits with the run). */
export async function enqueueRuns(db: Kysely<Database>, boss: PgBoss, runIds: string[], queue: RunsQueue = RUNS_QUEUE) {
  if (!runIds.length) return;
  await boss.insert(
    runIds.map((runId) => ({ name: queue, data: { runId } })),
    { db: { executeSql: (text: string, values: unknown[]) => db.executeQuery(CompiledQuery.raw(text, values)) as never } },
  );
}

/** Runs left pending (planned while jobs were off, or whose job was lost): queued again at start. */
export async function pendingRunIds(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`SELECT id FROM automation_runs WHERE status = 'pending' ORDER BY started_at LIMIT 10000`.execute(db);
  return rows.map((r) => r.id);
}
