import type { ObjectMetadata } from '@crm/schema';
import { CronExpressionParser } from 'cron-parser';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { AutomationEvent } from '../registry.js';
import type { Rule } from '../rule-schema.js';
import { planRuns, type PlanInput } from '../runs/plan-run.js';
import type { AutomationService } from '../service.js';
import { activityField, offsetMs, type NoActivityTrigger, type ScheduleTrigger, type TimeRelativeTrigger } from './time-triggers.js';

/** Records found due per rule and scan; a busier window continues at the next scan. */
export const SCAN_BATCH = 1000;

/** Where the first scan of a "no follow-up" rule starts: before any record can exist. */
const BACKLOG_START = new Date('1970-01-01T00:00:00Z');

interface DueRow {
  id: string;
  due: string;
}

/** The calendar date (YYYY-MM-DD) of an instant in the install's time zone. */
export function dateIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * Records whose trigger time falls in (from, to]: one range scan on the field's index (the rule
 * makes sure one exists), never a walk over the table. A date-only field counts from midnight in
 * the install's time zone. Returns the rows and the new watermark.
 */
function dueQuery(meta: ObjectMetadata, rule: Rule, from: Date, to: Date, timeZone: string): RawBuilder<DueRow> | null {
  const t = rule.trigger;
  const table = sql.table(meta.name);
  if (t.kind === 'time_relative') {
    const trigger = t as unknown as TimeRelativeTrigger;
    const field = meta.fields.find((f) => f.name === trigger.field);
    if (!field) return null;
    const col = sql.ref(`t.${field.name}`);
    const lo = new Date(from.getTime() - offsetMs(trigger));
    const hi = new Date(to.getTime() - offsetMs(trigger));
    if (field.type === 'date') {
      return sql<DueRow>`SELECT t.id, ${col}::text AS due FROM ${table} t
        WHERE ${col} > ${dateIn(timeZone, lo)}::date AND ${col} <= ${dateIn(timeZone, hi)}::date AND t.deleted_at IS NULL
        ORDER BY ${col} LIMIT ${SCAN_BATCH}`;
    }
    return sql<DueRow>`SELECT t.id, to_json(${col})#>>'{}' AS due FROM ${table} t
      WHERE ${col} > ${lo} AND ${col} <= ${hi} AND t.deleted_at IS NULL
      ORDER BY ${col} LIMIT ${SCAN_BATCH}`;
  }
  if (t.kind === 'no_activity') {
    const days = (t as unknown as NoActivityTrigger).days;
    const lo = new Date(from.getTime() - days * 86_400_000);
    const hi = new Date(to.getTime() - days * 86_400_000);
    const basis = activityField(meta.fields);
    const col = sql.ref(`t.${basis}`);
    if (basis === 'updated_at') {
      return sql<DueRow>`SELECT t.id, to_json(t.updated_at)#>>'{}' AS due FROM ${table} t
        WHERE t.updated_at > ${lo} AND t.updated_at <= ${hi} AND t.deleted_at IS NULL ORDER BY t.updated_at LIMIT ${SCAN_BATCH}`;
    }
    // Never followed up: counts from creation (a partial index covers those rows).
    return sql<DueRow>`SELECT * FROM (
        (SELECT t.id, to_json(${col})#>>'{}' AS due FROM ${table} t
          WHERE ${col} > ${lo} AND ${col} <= ${hi} AND t.deleted_at IS NULL ORDER BY ${col} LIMIT ${SCAN_BATCH})
        UNION ALL
        (SELECT t.id, to_json(t.created_at)#>>'{}' AS due FROM ${table} t
          WHERE ${col} IS NULL AND t.created_at > ${lo} AND t.created_at <= ${hi} AND t.deleted_at IS NULL ORDER BY t.created_at LIMIT ${SCAN_BATCH})
      ) due ORDER BY due LIMIT ${SCAN_BATCH}`;
  }
  return null;
}

/** The watermark after a scan: `to`, or the last due time found when the batch was full. */
function nextWatermark(rows: DueRow[], meta: ObjectMetadata, rule: Rule, to: Date, timeZone: string): Date {
  if (rows.length < SCAN_BATCH) return to;
  const last = rows[rows.length - 1].due;
  if (rule.trigger.kind === 'time_relative') {
    const trigger = rule.trigger as unknown as TimeRelativeTrigger;
    const isDate = meta.fields.find((f) => f.name === trigger.field)?.type === 'date';
    const at = isDate ? midnightIn(timeZone, last) : new Date(last);
    return new Date(at.getTime() + offsetMs(trigger));
  }
  return new Date(new Date(last).getTime() + (rule.trigger as unknown as NoActivityTrigger).days * 86_400_000);
}

/** Midnight of a calendar date in a time zone, as an instant. */
export function midnightIn(timeZone: string, date: string): Date {
  const utc = new Date(`${date}T00:00:00Z`);
  const shown = new Date(utc.toLocaleString('en-US', { timeZone }));
  const asUtc = new Date(utc.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(utc.getTime() - (shown.getTime() - asUtc.getTime()));
}

/**
 * Advances the rule's watermark from `from` to `to` only if no other instance did meanwhile
 * (compare-and-set), in the same transaction as the runs it plans: each due time fires once.
 */
async function commitScan(service: AutomationService, rule: Rule, from: Date | null, to: Date, plans: PlanInput[]): Promise<number> {
  return service.db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('automation_rules')
      .set({ scanned_until: to })
      .where('id', '=', rule.id)
      .where((eb) => (from ? eb('scanned_until', '=', from) : eb('scanned_until', 'is', null)))
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return 0;
    return (await planRuns(trx, service.boss, plans)).length;
  });
}

async function scanRecordRule(service: AutomationService, rule: Rule, now: Date): Promise<number> {
  const { metadata } = service.engine;
  if (!rule.object || !metadata.has(rule.object)) return 0;
  const from = rule.scanned_until ? new Date(rule.scanned_until) : null;
  // A new (or re-enabled) due-time rule starts now: it does not fire for everything already past due.
  // "No follow-up for N days" is a state, not a moment: its first scans also catch every record that
  // was idle that long before the rule was on (in batches; the run key keeps each idle spell to one run).
  const start = from ?? (rule.trigger.kind === 'no_activity' ? BACKLOG_START : null);
  if (!start) return commitScan(service, rule, null, now, []);
  if (start >= now) return 0;
  const meta = metadata.get(rule.object);
  const query = dueQuery(meta, rule, start, now, service.timeZone);
  if (!query) return 0;
  const { rows } = await query.execute(service.db);
  const plans: PlanInput[] = [];
  for (const row of rows) {
    const event: AutomationEvent = { key: `${rule.trigger.kind}:${row.id}:${row.due}`, topic: rule.trigger.kind, object: rule.object, recordId: row.id, depth: 0, at: now.toISOString() };
    plans.push({ rule, event, evaluation: await service.evaluate(service.db, rule, event) });
  }
  return commitScan(service, rule, from, nextWatermark(rows, meta, rule, now, service.timeZone), plans);
}

/** The latest cron occurrence in (from, now], if any: after downtime a schedule fires once, not once per missed slot. */
export function lastOccurrence(cron: string, timeZone: string, from: Date, now: Date): Date | null {
  const it = CronExpressionParser.parse(cron, { currentDate: from, tz: timeZone });
  let last: Date | null = null;
  for (let i = 0; i < 100_000; i++) {
    const next = it.next().toDate();
    if (next > now) break;
    last = next;
  }
  return last;
}

async function scanSchedule(service: AutomationService, rule: Rule, now: Date): Promise<number> {
  const from = rule.scanned_until ? new Date(rule.scanned_until) : null;
  if (!from) return commitScan(service, rule, null, now, []);
  const at = lastOccurrence((rule.trigger as unknown as ScheduleTrigger).cron, service.timeZone, from, now);
  if (!at) return 0;
  const base = { topic: 'schedule', object: rule.object, depth: 0, at: at.toISOString() };
  const plans: PlanInput[] = [];
  const { metadata } = service.engine;
  if (rule.object && metadata.has(rule.object)) {
    // A scheduled rule on an object acts on each live record that meets its conditions.
    const { rows } = await sql<{ id: string }>`SELECT id FROM ${sql.table(rule.object)} WHERE deleted_at IS NULL ORDER BY id LIMIT ${SCAN_BATCH * 10}`.execute(service.db);
    for (const row of rows) {
      const event: AutomationEvent = { ...base, key: `schedule:${at.toISOString()}:${row.id}`, recordId: row.id };
      const evaluation = await service.evaluate(service.db, rule, event);
      if (!evaluation || evaluation.matched) plans.push({ rule, event, evaluation });
    }
  } else {
    plans.push({ rule, event: { ...base, key: `schedule:${at.toISOString()}`, recordId: null }, evaluation: null });
  }
  return commitScan(service, rule, from, at, plans);
}

/** One pass over every enabled time-based rule. Returns how many runs it planned. */
export async function scanDue(service: AutomationService, now = service.now()): Promise<number> {
  await service.engine.metadata.ensureFresh();
  const rules = await service.enabledRules(service.db, ['time_relative', 'no_activity', 'schedule']);
  let planned = 0;
  for (const rule of rules) {
    planned += rule.trigger.kind === 'schedule' ? await scanSchedule(service, rule, now) : await scanRecordRule(service, rule, now);
  }
  return planned;
}

/** Indexes the due-time scans of a rule need (created once, when the rule is saved). */
export async function ensureScanIndexes(db: Kysely<Database>, meta: ObjectMetadata, rule: Pick<Rule, 'trigger'>) {
  const index = async (name: string, definition: RawBuilder<unknown>) =>
    sql`CREATE INDEX IF NOT EXISTS ${sql.id(name.slice(0, 63))} ON ${sql.table(meta.name)} ${definition}`.execute(db);
  if (rule.trigger.kind === 'time_relative') {
    const field = String(rule.trigger.field);
    await index(`automation_${meta.name}_${field}_idx`, sql`(${sql.ref(field)})`);
  } else if (rule.trigger.kind === 'no_activity') {
    const basis = activityField(meta.fields);
    await index(`automation_${meta.name}_${basis}_idx`, sql`(${sql.ref(basis)})`);
    if (basis === 'last_activity_at') await index(`automation_${meta.name}_never_followed_idx`, sql`(created_at) WHERE last_activity_at IS NULL`);
  }
}
