import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { loadRecords } from '../record-paths.js';
import type { ActionContext, AutomationEvent } from '../registry.js';
import type { Rule } from '../rule-schema.js';
import type { AutomationService } from '../service.js';
import { actionContext, type ActionRunRow } from './execute-run.js';

export interface RunRow {
  id: string;
  rule_id: string;
  event: unknown;
  depth: number;
  status: string;
}

export interface ActionOutcome {
  id: string;
  status: 'done' | 'skipped' | 'failed';
  result: unknown;
  error: string | null;
  duration_ms: number;
}

export interface FinishedRun {
  id: string;
  status: 'done' | 'failed';
  error: string | null;
  duration_ms: number;
}

/** What a batch's transaction has done so far, written set-based at its end. */
export interface BatchOutcomes {
  actions: ActionOutcome[];
  runs: FinishedRun[];
  failed: string[];
}

const eventOf = (run: RunRow) => run.event as AutomationEvent;

/**
 * Splits a batch's in-database runs into groups that can be applied together (same rule, same chain
 * depth, same planned actions, none started yet, each about a different record of the same object)
 * and the rest, which run one by one.
 */
export function groupRuns(service: AutomationService, runs: RunRow[], actionsOf: Map<string, ActionRunRow[]>, statusNow: Map<string, string>) {
  const groups = new Map<string, { runs: RunRow[]; records: Set<string> }>();
  const single: RunRow[] = [];
  for (const run of runs) {
    const { object, recordId } = eventOf(run);
    const actions = actionsOf.get(run.id) ?? [];
    const fresh = actions.length > 0 && actions.every((a) => statusNow.get(a.id) === 'pending');
    if (!fresh || !object || !recordId || !service.engine.metadata.has(object)) {
      single.push(run);
      continue;
    }
    const key = JSON.stringify([run.rule_id, run.depth, object, actions.map((a) => [a.type, a.config])]);
    const group = groups.get(key) ?? { runs: [], records: new Set<string>() };
    groups.set(key, group);
    // Two runs about one record (two updates of it) change it in turn: the second runs alone.
    if (group.records.has(recordId)) single.push(run);
    else group.runs.push(run), group.records.add(recordId);
  }
  const batches = [...groups.values()].map((g) => g.runs).filter((g) => g.length > 1);
  single.push(...[...groups.values()].map((g) => g.runs).filter((g) => g.length === 1).flat());
  return { batches, single };
}

/**
 * Applies a group's actions position by position, each for all its runs at once (the action's
 * runBatch: one set-based engine write; otherwise its run per record, still without a savepoint or
 * read of its own per run). The records are read again before each position, so a later action
 * sees what an earlier one changed. Returns false, having rolled back all of it, if anything
 * throws: the caller then tries smaller groups (execute-batch.ts).
 */
export async function runGroup(service: AutomationService, trx: Kysely<Database>, rule: Rule, runs: RunRow[], actionsOf: Map<string, ActionRunRow[]>, out: BatchOutcomes): Promise<boolean> {
  const { registry, engine } = service;
  const started = Date.now();
  const object = eventOf(runs[0]).object!;
  const mine: ActionOutcome[] = [];
  await sql`SAVEPOINT automation_group`.execute(trx);
  try {
    const positions = actionsOf.get(runs[0].id)!.length;
    for (let position = 0; position < positions; position++) {
      const t0 = Date.now();
      const type = registry.actions.get(actionsOf.get(runs[0].id)![position].type);
      if (!type) {
        for (const run of runs) mine.push({ id: actionsOf.get(run.id)![position].id, status: 'skipped', result: { note: `action type '${actionsOf.get(run.id)![position].type}' is not installed` }, error: null, duration_ms: 0 });
        continue;
      }
      const records = new Map((await loadRecords(trx, engine.metadata, object, runs.map((r) => eventOf(r).recordId!))).map((r) => [r.id as string, r]));
      const ctxs: ActionContext[] = [];
      const acting: ActionRunRow[] = [];
      for (const run of runs) {
        const action = actionsOf.get(run.id)![position];
        const record = records.get(eventOf(run).recordId!) ?? null;
        // The record was purged meanwhile: nothing to act on, and retrying would not change that.
        if (type.needsRecord && !record) mine.push({ id: action.id, status: 'skipped', result: { note: 'the record no longer exists' }, error: null, duration_ms: 0 });
        else ctxs.push(await actionContext(service, trx, rule, eventOf(run), run.depth, action, record)), acting.push(action);
      }
      if (!ctxs.length) continue;
      const results: unknown[] = [];
      if (type.runBatch) results.push(...(await type.runBatch(ctxs)));
      else for (const ctx of ctxs) results.push(await type.run(ctx));
      const each = Math.round((Date.now() - t0) / ctxs.length);
      acting.forEach((action, i) => mine.push({ id: action.id, status: 'done', result: results[i] ?? null, error: null, duration_ms: each }));
    }
    await sql`RELEASE SAVEPOINT automation_group`.execute(trx);
  } catch {
    await sql`ROLLBACK TO SAVEPOINT automation_group`.execute(trx);
    return false;
  }
  out.actions.push(...mine);
  const each = Math.round((Date.now() - started) / runs.length);
  out.runs.push(...runs.map((run) => ({ id: run.id, status: 'done' as const, error: null, duration_ms: each })));
  return true;
}
