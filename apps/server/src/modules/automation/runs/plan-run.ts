import type PgBoss from 'pg-boss';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Evaluation } from '../conditions.js';
import type { AutomationEvent } from '../registry.js';
import type { Rule } from '../rule-schema.js';

export const RUNS_QUEUE = 'automation-runs';
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
export async function planRun(trx: Kysely<Database>, boss: PgBoss | null, { rule, event, evaluation }: PlanInput): Promise<string | null> {
  const stopped = event.depth >= MAX_CHAIN_DEPTH;
  const matched = !stopped && (evaluation?.matched ?? true);
  const status: RunStatus = stopped ? 'stopped' : !matched ? 'not_matched' : rule.actions.length ? 'pending' : 'done';
  const run = await trx
    .insertInto('automation_runs')
    .values({
      rule_id: rule.id,
      event_key: event.key,
      event: JSON.stringify(event),
      object: event.object,
      record_id: event.recordId,
      depth: event.depth,
      status,
      conditions: evaluation ? JSON.stringify(evaluation) : null,
      error: stopped ? `chain stopped: depth ${event.depth} reached the limit of ${MAX_CHAIN_DEPTH} rule-made changes in a row` : null,
      finished_at: status === 'pending' ? null : new Date(),
      duration_ms: status === 'pending' ? null : 0,
    })
    .onConflict((oc) => oc.columns(['rule_id', 'event_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!run || status !== 'pending') return run?.id ?? null;
  await trx
    .insertInto('automation_action_runs')
    .values(
      rule.actions.map((action, position) => {
        const { type, ...config } = action;
        return { run_id: run.id, position, type, config: JSON.stringify(config), idempotency_key: `${rule.id}:${event.key}:${position}` };
      }),
    )
    .execute();
  if (boss) await enqueueRuns(trx, boss, [run.id]);
  return run.id;
}

/** Queues runs for execution through the given executor (a transaction, so the job commits with the run). */
export async function enqueueRuns(db: Kysely<Database>, boss: PgBoss, runIds: string[]) {
  if (!runIds.length) return;
  await boss.insert(
    runIds.map((runId) => ({ name: RUNS_QUEUE, data: { runId } })),
    { db: { executeSql: (text: string, values: unknown[]) => db.executeQuery(CompiledQuery.raw(text, values)) as never } },
  );
}

/** Runs left pending (planned while jobs were off, or whose job was lost): queued again at start. */
export async function pendingRunIds(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`SELECT id FROM automation_runs WHERE status = 'pending' ORDER BY started_at LIMIT 10000`.execute(db);
  return rows.map((r) => r.id);
}
