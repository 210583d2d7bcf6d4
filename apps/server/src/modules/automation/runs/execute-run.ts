import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { AutomationService } from '../service.js';
import { loadRecord, PathReader, type RecordValues } from '../record-paths.js';
import type { ActionContext, ActionType, AutomationEvent } from '../registry.js';
import type { Rule } from '../rule-schema.js';

export interface ActionRunRow {
  id: string;
  position: number;
  type: string;
  config: Record<string, unknown>;
  idempotency_key: string;
  status: string;
}

/** An outside call claimed longer ago than this is taken to have died with its process (longest timeout is 60 s). */
export const STALE_CLAIM_MS = 90_000;

/**
 * Executes the pending actions of one run, in order. An in-database action runs in one transaction
 * that also marks it done (after locking its row and checking it is not done yet), so a repeated
 * job, a retry or a second instance never applies it twice. An outside call (webhook, robot) is
 * claimed first, then called, then marked done: at least once, with the idempotency key sent along.
 * The first failing action stops the run (later actions wait for it) and throws, so pg-boss retries
 * the job with backoff.
 */
export async function executeRun(service: AutomationService, runId: string): Promise<void> {
  const { db } = service;
  const run = await db.selectFrom('automation_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run || run.status === 'done' || run.status === 'not_matched' || run.status === 'stopped') return;
  const rule = (await db.selectFrom('automation_rules').selectAll().where('id', '=', run.rule_id).executeTakeFirst()) as Rule | undefined;
  if (!rule) return;
  const event = run.event as AutomationEvent;
  const started = Date.now();
  const actions = (await db.selectFrom('automation_action_runs').selectAll().where('run_id', '=', runId).orderBy('position').execute()) as unknown as ActionRunRow[];
  await service.engine.metadata.ensureFresh();

  for (const action of actions) {
    if (action.status === 'done' || action.status === 'skipped') continue;
    const type = service.registry.actions.get(action.type);
    if (!type) {
      await finishAction(db, action.id, 'skipped', { note: `action type '${action.type}' is not installed` }, null, 0);
      continue;
    }
    const t0 = Date.now();
    try {
      if (type.external) await runExternal(service, rule, event, run.depth, action, type);
      else await runInTransaction(service, rule, event, run.depth, action, type);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await db
        .updateTable('automation_action_runs')
        .set({ status: 'failed', error: message.slice(0, 2000), attempts: sql`attempts + 1`, duration_ms: Date.now() - t0, updated_at: new Date() })
        .where('id', '=', action.id)
        .execute();
      await db.updateTable('automation_runs').set({ status: 'failed', error: `action ${action.position + 1} (${action.type}): ${message}`.slice(0, 2000), finished_at: new Date(), duration_ms: Date.now() - started }).where('id', '=', runId).execute();
      throw error;
    }
  }
  await db.updateTable('automation_runs').set({ status: 'done', error: null, finished_at: new Date(), duration_ms: Date.now() - started }).where('id', '=', runId).execute();
}

/** What an action gets to work with, read through `executor` (the transaction it is marked done in). */
export async function actionContext(service: AutomationService, executor: Kysely<Database>, rule: Rule, event: AutomationEvent, depth: number, action: ActionRunRow, loaded?: RecordValues | null): Promise<ActionContext> {
  const object = event.object && service.engine.metadata.has(event.object) ? event.object : null;
  // `loaded`: the record as a batch read it with its neighbours (undefined: read it here).
  const record = object && event.recordId ? (loaded !== undefined ? loaded : await loadRecord(executor, service.engine.metadata, object, event.recordId)) : null;
  return {
    config: action.config,
    rule,
    event,
    object,
    record,
    reader: object && record ? new PathReader(executor, service.engine.metadata, service.engine.metadata.get(object), record) : null,
    trx: executor,
    engine: service.engine,
    cause: { automation: { ruleId: rule.id, depth: depth + 1 } },
    idempotencyKey: action.idempotency_key,
    timeZone: service.timeZone,
    now: service.now(),
    dryRun: false,
  };
}

async function runInTransaction(service: AutomationService, rule: Rule, event: AutomationEvent, depth: number, action: ActionRunRow, type: ActionType) {
  await service.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ status: string }>`SELECT status FROM automation_action_runs WHERE id = ${action.id} FOR UPDATE`.execute(trx);
    if (rows[0]?.status === 'done') return;
    const t0 = Date.now();
    const ctx = await actionContext(service, trx, rule, event, depth, action);
    // The record was purged meanwhile: nothing to act on, and retrying would not change that.
    if (type.needsRecord && !ctx.record) return finishAction(trx, action.id, 'skipped', { note: 'the record no longer exists' }, null, Date.now() - t0, true);
    const result = await type.run(ctx);
    await finishAction(trx, action.id, 'done', result, null, Date.now() - t0, true);
  });
}

async function runExternal(service: AutomationService, rule: Rule, event: AutomationEvent, depth: number, action: ActionRunRow, type: ActionType) {
  const { db } = service;
  const claimed = await sql`
    UPDATE automation_action_runs SET status = 'running', updated_at = now()
    WHERE id = ${action.id} AND (status IN ('pending', 'failed') OR (status = 'running' AND updated_at < now() - make_interval(secs => ${service.staleClaimMs / 1000})))
    RETURNING id`.execute(db);
  if (!claimed.rows.length) return; // done meanwhile, or another worker is calling it right now
  const t0 = Date.now();
  try {
    const ctx = await actionContext(service, db, rule, event, depth, action);
    const result = await type.run(ctx);
    await finishAction(db, action.id, 'done', result, null, Date.now() - t0, true);
  } catch (error) {
    await db.updateTable('automation_action_runs').set({ status: 'failed' }).where('id', '=', action.id).execute();
    throw error;
  }
}

async function finishAction(db: Kysely<Database>, id: string, status: string, result: unknown, error: string | null, durationMs: number, attempted = false) {
  await db
    .updateTable('automation_action_runs')
    .set({ status, result: JSON.stringify(result ?? null), error, duration_ms: durationMs, updated_at: new Date(), ...(attempted ? { attempts: sql`attempts + 1` } : {}) })
    .where('id', '=', id)
    .execute();
}
