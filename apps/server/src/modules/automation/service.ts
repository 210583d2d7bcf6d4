import { randomUUID } from 'node:crypto';
import type { ObjectMetadata } from '@crm/schema';
import type PgBoss from 'pg-boss';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Engine } from '../../engine/index.js';
import { emitEvent, type EmittedPayload } from '../../engine/jobs/emit-event.js';
import { BATCH_UPDATED, batchUpdates } from '../../engine/jobs/batch-event.js';
import type { RecordEvent } from '../../engine/jobs/event-bus.js';
import { evaluateConditions, type Evaluation } from './conditions.js';
import { conditionsSql } from './conditions-sql.js';
import { PathReader, loadRecord, loadRecords, type RecordValues } from './record-paths.js';
import { AutomationRegistry, type ActionType, type AutomationEvent, type ConditionType, type TriggerType } from './registry.js';
import type { Rule } from './rule-schema.js';
import { STALE_CLAIM_MS } from './runs/execute-run.js';
import { BULK_RUNS_QUEUE, RUNS_QUEUE, planRuns, type PlanInput, type RunsQueue } from './runs/plan-run.js';
import { scanDue } from './triggers/scan-due.js';

/** Records of an import batch or a bulk update evaluated and planned per transaction. */
const PLAN_CHUNK = 2000;
/** A bulk update of more records than this plans its runs on the bulk queue (a few stay with the interactive ones). */
const BULK_FROM = 20;

/**
 * The automation engine: the registry of trigger kinds and action types, the event handler that
 * plans runs, and what other modules use (registerAction, registerTrigger, emit).
 */
export class AutomationService {
  readonly registry = new AutomationRegistry();
  boss: PgBoss | null = null;
  /** The clock of time-based triggers; tests replace it. */
  now: () => Date = () => new Date();
  /** After this long an unfinished outside call (webhook, robot) may be made again; see execute-run.ts. */
  staleClaimMs = STALE_CLAIM_MS;
  /** Called between two batches of bulk work (run batches, an import's planning): lets waiting requests go first. */
  betweenBatches: () => Promise<void> = () => new Promise<void>((resolve) => setImmediate(resolve));

  constructor(
    readonly db: Kysely<Database>,
    readonly engine: Engine,
    readonly timeZone: string,
  ) {}

  registerAction<C>(type: string, definition: ActionType<C>) {
    this.registry.registerAction(type, definition);
  }

  registerTrigger<T>(kind: string, definition: TriggerType<T>) {
    this.registry.registerTrigger(kind, definition);
  }

  registerCondition(name: `$${string}`, definition: ConditionType) {
    this.registry.registerCondition(name, definition);
  }

  /**
   * Emits an inbound event (e.g. 'web_form.submitted') that rules with an 'event' trigger react to.
   * Written to the outbox, in `trx` if given, so it is delivered once the caller's change commits.
   * Modules that should not depend on automation call engine/jobs/emit-event.ts directly.
   */
  async emit(name: string, payload: { object?: string; recordId?: string; data?: unknown } = {}, trx?: Kysely<Database>) {
    await emitEvent(trx ?? this.db, name, payload);
  }

  async enabledRules(executor: Kysely<Database>, kinds: string[], object?: string | null): Promise<Rule[]> {
    if (!kinds.length) return [];
    const { rows } = await sql<Rule>`
      SELECT * FROM automation_rules
      WHERE enabled AND trigger->>'kind' = ANY(${sql.val(kinds)}::text[])
        ${object === undefined ? sql`` : sql`AND (object IS NULL OR object = ${object})`}
      ORDER BY created_at`.execute(executor);
    return rows;
  }

  /** One pass over the time-based rules (the job runner calls it on a timer); returns how many runs it planned. */
  scanDue(now = this.now()): Promise<number> {
    return scanDue(this, now);
  }

  /** Bus subscriber: plans a run per rule whose trigger this committed change or emitted event fires. */
  async handleEvent(e: RecordEvent) {
    if (e.topic === 'record.imported') return this.handleImported(e);
    if (e.topic === BATCH_UPDATED) return this.handleBatchUpdated(e);
    const kinds = this.registry.kindsFor(e.topic);
    const isRecordEvent = e.topic.startsWith('record.');
    const emitted = isRecordEvent ? null : (e.payload as unknown as EmittedPayload).emitted;
    if (!kinds.length || (!isRecordEvent && !emitted)) return;
    const object = isRecordEvent ? e.object : emitted!.object;
    const rules = await this.enabledRules(this.db, kinds, object);
    if (!rules.length) return;
    const cause = e.payload.cause as { automation?: { depth?: number } } | undefined;
    const event: AutomationEvent = {
      key: `event:${e.id}`,
      topic: e.topic,
      object,
      recordId: isRecordEvent ? e.recordId : emitted!.recordId,
      ...(isRecordEvent ? { changes: e.payload.changes } : { data: (e.payload as unknown as EmittedPayload).data }),
      depth: Number(cause?.automation?.depth ?? 0),
      at: e.createdAt,
    };
    await this.engine.metadata.ensureFresh();
    const plans: PlanInput[] = [];
    for (const rule of rules) {
      const trigger = this.registry.trigger(rule.trigger);
      if (!trigger || (trigger.matches && !trigger.matches(rule.trigger, event))) continue;
      const record = isRecordEvent ? e.payload.record : null;
      plans.push({ rule, event, evaluation: await this.evaluate(this.db, rule, event, record) });
    }
    if (!plans.length) return;
    await this.db.transaction().execute((trx) => planRuns(trx, this.boss, plans));
  }

  /**
   * An import writes one 'record.imported' event per batch, listing the records it created and
   * those it updated (with their changes); "record created" and "record updated" / "field changed"
   * rules fire once for each of them, as for records written one by one (leads imported from a trade
   * show get assigned). Set-based: per rule, one statement picks the records that meet its
   * conditions, and only those get runs (no run per record that does not match), planned a chunk at
   * a time on the bulk queue. Nothing is read when no such rule is on for the object.
   */
  private async handleImported(e: RecordEvent) {
    const batch = (e.payload as { import?: { created?: string[]; updated?: { id: string; changes: AutomationEvent['changes'] }[] } }).import ?? {};
    const created = batch.created ?? [];
    const updated = batch.updated ?? [];
    const createdRules = created.length ? await this.enabledRules(this.db, ['record_created'], e.object) : [];
    const updatedRules = updated.length ? await this.enabledRules(this.db, this.registry.kindsFor('record.updated'), e.object) : [];
    if (!createdRules.length && !updatedRules.length) return;
    const eventOf = (recordId: string, topic: string, changes: AutomationEvent['changes'] = {}): AutomationEvent => ({ key: `event:${e.id}:${recordId}`, topic, object: e.object, recordId, changes, depth: 0, at: e.createdAt });
    await this.planFirings(e.object, [
      ...created.map((id) => ({ event: eventOf(id, 'record.created'), rules: createdRules })),
      ...updated.map((u) => ({ event: eventOf(u.id, 'record.updated', u.changes), rules: updatedRules })),
    ], BULK_RUNS_QUEUE);
  }

  /**
   * A bulk update's one event for many records (engine/jobs/batch-event.ts): "record updated" and
   * "field changed" rules fire for each record as if it had its own `record.updated` event —
   * keyed `event:<batch event>:<record>`, at the chain depth of that record's cause, so the loop
   * guard holds — with the conditions evaluated set-based. Runs of a large batch go to the bulk
   * queue, behind nothing interactive.
   */
  private async handleBatchUpdated(e: RecordEvent) {
    const items = batchUpdates(e);
    const rules = items.length ? await this.enabledRules(this.db, this.registry.kindsFor('record.updated'), e.object) : [];
    if (!rules.length) return;
    const firings = items.map((item) => ({
      event: {
        key: `event:${e.id}:${item.recordId}`,
        topic: item.topic,
        object: e.object,
        recordId: item.recordId,
        changes: item.payload.changes,
        depth: Number((item.payload.cause as { automation?: { depth?: number } } | undefined)?.automation?.depth ?? 0),
        at: e.createdAt,
      },
      rules,
    }));
    await this.planFirings(e.object, firings, items.length > BULK_FROM ? BULK_RUNS_QUEUE : RUNS_QUEUE);
  }

  /**
   * Plans the runs of many records' events, a chunk at a time: per rule, its trigger's own test (a
   * field_changed rule's field and values) on each event, then its conditions in one statement.
   * Records that do not meet them get no run.
   */
  private async planFirings(object: string, firings: { event: AutomationEvent; rules: Rule[] }[], queue: RunsQueue) {
    await this.engine.metadata.ensureFresh();
    if (!this.engine.metadata.has(object)) return;
    const meta = this.engine.metadata.get(object);
    for (let i = 0; i < firings.length; i += PLAN_CHUNK) {
      const chunk = firings.slice(i, i + PLAN_CHUNK);
      const plans: PlanInput[] = [];
      for (const rule of new Set(chunk.flatMap((f) => f.rules))) {
        const trigger = this.registry.trigger(rule.trigger);
        const fired = new Map(chunk.filter((f) => f.rules.includes(rule) && trigger && (!trigger.matches || trigger.matches(rule.trigger, f.event))).map((f) => [f.event.recordId!, f.event]));
        if (!fired.size) continue;
        for (const { recordId, evaluation } of await this.matching(rule, meta, [...fired.keys()])) plans.push({ rule, event: fired.get(recordId)!, evaluation });
      }
      if (plans.length) await this.db.transaction().execute((trx) => planRuns(trx, this.boss, plans, queue));
      await this.betweenBatches();
    }
  }

  /** The records among `ids` that meet the rule's conditions: one SQL statement where the conditions allow, else evaluated in memory. */
  private async matching(rule: Rule, meta: ObjectMetadata, ids: string[]): Promise<{ recordId: string; evaluation: Evaluation | null }[]> {
    if (!rule.conditions) return ids.map((recordId) => ({ recordId, evaluation: null }));
    const where = conditionsSql(meta, rule.conditions);
    if (where) {
      const { rows } = await sql<{ id: string }>`SELECT t.id FROM ${sql.table(meta.name)} t WHERE t.id = ANY(${sql.val(ids)}::uuid[]) AND ${where}`.execute(this.db);
      return rows.map((r) => ({ recordId: r.id, evaluation: { matched: true, details: [], setBased: true } as Evaluation }));
    }
    const { metadata } = this.engine;
    const out: { recordId: string; evaluation: Evaluation }[] = [];
    for (const record of await loadRecords(this.db, metadata, meta.name, ids)) {
      const evaluation = await evaluateConditions(metadata, new PathReader(this.db, metadata, meta, record), rule.conditions, this.registry);
      if (evaluation.matched) out.push({ recordId: record.id as string, evaluation });
    }
    return out;
  }

  /** The rule's conditions on the record (as given, or loaded through `executor`); null when the rule has none. */
  async evaluate(executor: Kysely<Database>, rule: Rule, event: AutomationEvent, record?: RecordValues | null): Promise<Evaluation | null> {
    if (!rule.conditions) return null;
    const { metadata } = this.engine;
    if (!event.object || !metadata.has(event.object) || !event.recordId) return { matched: false, details: [] };
    const values = record ?? (await loadRecord(executor, metadata, event.object, event.recordId));
    if (!values) return { matched: false, details: [] };
    return evaluateConditions(metadata, new PathReader(executor, metadata, metadata.get(event.object), values), rule.conditions, this.registry);
  }
}
