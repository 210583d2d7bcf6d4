import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Rule } from '../rule-schema.js';
import type { AutomationService } from '../service.js';
import type { AutomationEvent } from '../registry.js';
import { actionContext, executeRun, type ActionRunRow } from './execute-run.js';
import { groupRuns, runGroup, type ActionOutcome, type BatchOutcomes, type FinishedRun, type RunRow } from './execute-group.js';

/**
 * Runs applied per transaction. A request on PGlite waits for at most one chunk; a bigger one saves
 * a lock and two finishing statements per chunk (docs/performance.md).
 */
export const RUNS_PER_TRANSACTION = 50;

/**
 * Executes a batch of runs (one pg-boss fetch). Runs whose actions all stay in the database share
 * one transaction: three reads for the whole batch and one statement each to mark the actions and
 * the runs finished. Runs of one rule (an import's) are applied together, each action once for all
 * of them with set-based engine writes (execute-group.ts); a failing group is halved until the
 * failing run is alone. Runs alone get a savepoint of their own, so a failing run rolls back alone. Runs with an outside
 * call (webhook, robot) take the one-by-one path, which calls outside any transaction. Returns the ids of the runs that
 * failed (their jobs are failed, so pg-boss retries them with backoff); the others are finished.
 */
export async function executeRunBatch(service: AutomationService, runIds: string[]): Promise<{ failed: string[] }> {
  const { db, registry } = service;
  const runs = (await db.selectFrom('automation_runs').select(['id', 'rule_id', 'event', 'depth', 'status']).where('id', 'in', runIds).execute()) as RunRow[];
  const live = runs.filter((r) => r.status === 'pending' || r.status === 'failed');
  if (!live.length) return { failed: [] };
  const rules = new Map(
    ((await db.selectFrom('automation_rules').selectAll().where('id', 'in', [...new Set(live.map((r) => r.rule_id))]).execute()) as unknown as Rule[]).map((r) => [r.id, r]),
  );
  const actionRows = (await db.selectFrom('automation_action_runs').selectAll().where('run_id', 'in', live.map((r) => r.id)).orderBy('run_id').orderBy('position').execute()) as unknown as (ActionRunRow & { run_id: string })[];
  const actionsOf = new Map<string, ActionRunRow[]>();
  for (const a of actionRows) actionsOf.set(a.run_id, [...(actionsOf.get(a.run_id) ?? []), a]);
  await service.engine.metadata.ensureFresh();

  const failed: string[] = [];
  const inDatabase: RunRow[] = [];
  for (const run of live) {
    if (!rules.has(run.rule_id)) continue;
    const external = (actionsOf.get(run.id) ?? []).some((a) => a.status !== 'done' && a.status !== 'skipped' && registry.actions.get(a.type)?.external);
    if (!external) {
      inDatabase.push(run);
      continue;
    }
    try {
      await executeRun(service, run.id);
    } catch {
      failed.push(run.id);
    }
  }
  if (!inDatabase.length) return { failed };

  // A chunk of runs per transaction: between two, a waiting request gets the connection (PGlite has
  // one) and the runs done so far are committed and visible.
  for (let i = 0; i < inDatabase.length; i += RUNS_PER_TRANSACTION) {
    await applyInDatabase(service, inDatabase.slice(i, i + RUNS_PER_TRANSACTION), rules, actionsOf, failed);
    // PGlite answers in the same thread: requests that arrived during the chunk go before the next one.
    await service.betweenBatches();
  }
  return { failed };
}

/** Runs whose actions all stay in the database, in one transaction. */
async function applyInDatabase(service: AutomationService, runs: RunRow[], rules: Map<string, Rule>, actionsOf: Map<string, ActionRunRow[]>, failed: string[]) {
  await service.db.transaction().execute(async (trx) => {
    // Lock the chunk's actions: a repeated job or another instance waits here, then sees them done.
    const { rows: locked } = await sql<{ id: string; status: string }>`
      SELECT id, status FROM automation_action_runs WHERE run_id = ANY(${sql.val(runs.map((r) => r.id))}::uuid[]) ORDER BY id FOR UPDATE`.execute(trx);
    const statusNow = new Map(locked.map((r) => [r.id, r.status]));
    const out: BatchOutcomes = { actions: [], runs: [], failed };
    const { batches, single } = groupRuns(service, runs, actionsOf, statusNow);
    // A group that fails is halved and tried again, so a bad record costs a few retries of ever
    // smaller groups and ends alone on the one-by-one path, where only its own run fails.
    for (const group of batches) {
      if (group.length < 2) single.push(...group);
      else if (!(await runGroup(service, trx, rules.get(group[0].rule_id)!, group, actionsOf, out))) batches.push(group.slice(0, group.length >> 1), group.slice(group.length >> 1));
    }
    for (const run of single) await runOne(service, trx, rules.get(run.rule_id)!, run, actionsOf.get(run.id) ?? [], statusNow, out);
    await finishActions(trx, out.actions);
    await finishRuns(trx, out.runs);
  });
}

/** One run in a savepoint of its own: a failing action rolls back only this run's writes. */
async function runOne(service: AutomationService, trx: Kysely<Database>, rule: Rule, run: RunRow, actions: ActionRunRow[], statusNow: Map<string, string>, out: BatchOutcomes) {
  const started = Date.now();
  const mine: ActionOutcome[] = [];
  await sql`SAVEPOINT automation_run`.execute(trx);
  try {
    for (const action of actions) {
      const status = statusNow.get(action.id);
      if (status === 'done' || status === 'skipped') continue;
      const t0 = Date.now();
      const type = service.registry.actions.get(action.type);
      if (!type) {
        mine.push({ id: action.id, status: 'skipped', result: { note: `action type '${action.type}' is not installed` }, error: null, duration_ms: 0 });
        continue;
      }
      try {
        const ctx = await actionContext(service, trx, rule, run.event as AutomationEvent, run.depth, action);
        // The record was purged meanwhile: nothing to act on, and retrying would not change that.
        const result = type.needsRecord && !ctx.record ? { note: 'the record no longer exists' } : await type.run(ctx);
        mine.push({ id: action.id, status: type.needsRecord && !ctx.record ? 'skipped' : 'done', result, error: null, duration_ms: Date.now() - t0 });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw Object.assign(new Error(message), { action, duration_ms: Date.now() - t0 });
      }
    }
    await sql`RELEASE SAVEPOINT automation_run`.execute(trx);
    out.actions.push(...mine);
    out.runs.push({ id: run.id, status: 'done', error: null, duration_ms: Date.now() - started });
  } catch (error) {
    // Only this run's writes go; its earlier actions run again on retry (they were rolled back with it).
    await sql`ROLLBACK TO SAVEPOINT automation_run`.execute(trx);
    const { action, duration_ms, message } = error as Error & { action?: ActionRunRow; duration_ms?: number };
    if (!action) throw error;
    out.actions.push({ id: action.id, status: 'failed', result: null, error: message.slice(0, 2000), duration_ms: duration_ms ?? 0 });
    out.runs.push({ id: run.id, status: 'failed', error: `action ${action.position + 1} (${action.type}): ${message}`.slice(0, 2000), duration_ms: Date.now() - started });
    out.failed.push(run.id);
  }
}

async function finishActions(trx: Kysely<Database>, outcomes: ActionOutcome[]) {
  if (!outcomes.length) return;
  await sql`
    UPDATE automation_action_runs a SET status = x.status, result = coalesce(x.result, a.result), error = x.error,
      duration_ms = x.duration_ms, attempts = a.attempts + 1, updated_at = now()
    FROM jsonb_to_recordset(${JSON.stringify(outcomes.map((o) => ({ ...o, result: o.result ?? null })))}::jsonb)
      AS x(id uuid, status text, result jsonb, error text, duration_ms integer)
    WHERE a.id = x.id`.execute(trx);
}

async function finishRuns(trx: Kysely<Database>, runs: FinishedRun[]) {
  if (!runs.length) return;
  await sql`
    UPDATE automation_runs r SET status = x.status, error = x.error, finished_at = now(), duration_ms = x.duration_ms
    FROM jsonb_to_recordset(${JSON.stringify(runs)}::jsonb) AS x(id uuid, status text, error text, duration_ms integer)
    WHERE r.id = x.id`.execute(trx);
}
