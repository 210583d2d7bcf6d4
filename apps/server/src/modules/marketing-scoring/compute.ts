import type { ObjectMetadata, ScoreReason } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Engine } from '../../engine/index.js';
import { SYSTEM_CONTEXT } from '../../engine/permissions/access.js';
import { compileFilter } from '../../engine/records/query/filters.js';
import type { ScoredObject } from './fields.js';
import { listRules, type ScoringRule } from './rules.js';

const DAY_SECONDS = 86_400;
/** Records written per transaction: one bulk UPDATE each, short locks. */
const CHUNK = 1000;

export interface RecordScore {
  id: string;
  score: number;
  reasons: ScoreReason[];
  stored: { score: number | null; reasons: string | null };
}

export interface ComputeOptions {
  /** Only these records (event-driven recompute); all live records otherwise. */
  only?: string[];
  /** The clock decay is measured against (tests inject one). */
  now?: Date;
}

/**
 * Every activity of a person as (record, activity, subject, at): website events of visitors tied
 * to the record, web-form submissions that created or matched it, and the first open
 * and first click of each marketing e-mail sent to them.
 */
function activitiesSql(object: ScoredObject) {
  // A send reaches contacts and leads; each recipient row names exactly one of them.
  const person = object === 'contacts' ? sql.ref('r.contact_id') : sql.ref('r.lead_id');
  const email = sql`
      UNION ALL SELECT ${person}, 'email_open', NULL, r.opened_at FROM marketing_send_recipients r WHERE r.opened_at IS NOT NULL AND ${person} IS NOT NULL
      UNION ALL SELECT ${person}, 'email_click', NULL, r.clicked_at FROM marketing_send_recipients r WHERE r.clicked_at IS NOT NULL AND ${person} IS NOT NULL`;
  return sql`
    SELECT v.record_id AS rid, e.type AS activity,
      CASE e.type WHEN 'page_view' THEN coalesce(e.path, e.url) WHEN 'custom' THEN e.name ELSE e.target END AS subject, e.at
    FROM tracking_events e JOIN tracking_visitors v ON v.visitor_id = e.visitor_id
    WHERE v.object = ${object} AND v.record_id IS NOT NULL
    UNION ALL SELECT s.record_id, 'form_submit', f.name, s.at FROM web_form_submissions s JOIN web_forms f ON f.id = s.form_id
    WHERE s.object = ${object} AND s.record_id IS NOT NULL AND s.outcome <> 'spam'
    ${email}`;
}

/**
 * Behaviour points per record and rule in one statement: each matching activity up to `now` is
 * worth the rule's points halved every half-life days since it happened. In float8: extract()
 * gives numeric, and numeric power() with a fractional exponent made the aggregate 10× slower.
 */
async function behaviourPoints(db: Kysely<Database>, object: ScoredObject, rules: ScoringRule[], now: Date, only?: string[]) {
  if (!rules.length) return [];
  const ids = rules.map((r) => r.id);
  const { rows } = await sql<{ rid: string; rule_id: string; n: string | number; pts: string | number }>`
    WITH a AS (${activitiesSql(object)})
    SELECT a.rid, r.id AS rule_id, count(*) AS n,
      sum(r.points * CASE WHEN r.half_life_days IS NULL THEN 1
        ELSE power(0.5::float8, greatest(extract(epoch FROM (${now}::timestamptz - a.at))::float8, 0) / ${DAY_SECONDS} / r.half_life_days) END) AS pts
    FROM a JOIN scoring_rules r ON r.id = ANY(${sql.val(ids)}::uuid[]) AND r.activity = a.activity
      AND (r.match IS NULL OR CASE WHEN a.activity = 'custom' THEN a.subject = r.match ELSE strpos(lower(coalesce(a.subject, '')), lower(r.match)) > 0 END)
    WHERE a.at <= ${now}::timestamptz ${only ? sql`AND a.rid = ANY(${sql.val(only)}::uuid[])` : sql``}
    GROUP BY a.rid, r.id`.execute(db);
  return rows.map((r) => ({ rid: r.rid, ruleId: r.rule_id, count: Number(r.n), points: Number(r.pts) }));
}

/** Fit rules whose condition still compiles (a field removed since makes the rule count for nobody). */
function fitConditions(meta: ObjectMetadata, rules: ScoringRule[]) {
  return rules.flatMap((rule) => {
    try {
      return rule.condition ? [{ rule, sql: compileFilter(meta, rule.condition, SYSTEM_CONTEXT) }] : [];
    } catch {
      return [];
    }
  });
}

/** One line per reason for the `score_reasons` field, largest first: "价格页 +12 (3×)". */
export function reasonsText(reasons: ScoreReason[]): string | null {
  if (!reasons.length) return null;
  return reasons.map((r) => `${r.name} ${r.points >= 0 ? '+' : ''}${r.points}${r.count && r.count > 1 ? ` (${r.count}×)` : ''}`).join('\n');
}

const byWeight = (a: ScoreReason, b: ScoreReason) => Math.abs(b.points) - Math.abs(a.points) || a.name.localeCompare(b.name);

/**
 * The score of every live record of the object (or of `only`), with its reasons: fit conditions
 * in one scan of the table (which also reads the stored score), behaviour in one aggregate. Each
 * rule's part is rounded to whole points, so the score is the sum of the reasons shown.
 */
export async function computeScores(db: Kysely<Database>, engine: Engine, object: ScoredObject, options: ComputeOptions = {}): Promise<RecordScore[]> {
  const now = options.now ?? new Date();
  const rules = (await listRules(db)).filter((r) => r.active && (r.object === null || r.object === object));
  const meta = engine.metadata.get(object);
  const fit = fitConditions(meta, rules.filter((r) => r.kind === 'fit'));
  const only = options.only;
  const flags = fit.map((f, i) => sql`coalesce(${f.sql}, false) AS ${sql.ref(`f${i}`)}`);
  const { rows } = await sql<Record<string, unknown> & { id: string; score: number | null; score_reasons: string | null }>`
    SELECT t.id, t.score, t.score_reasons${flags.length ? sql`, ${sql.join(flags)}` : sql``}
    FROM ${sql.table(object)} t
    WHERE t.deleted_at IS NULL ${only ? sql`AND t.id = ANY(${sql.val(only)}::uuid[])` : sql``}`.execute(db);
  const behaviour = await behaviourPoints(db, object, rules.filter((r) => r.kind === 'behaviour' && r.activity), now, only);
  const ruleById = new Map(rules.map((r) => [r.id, r]));
  const byRecord = new Map<string, ScoreReason[]>();
  for (const b of behaviour) {
    const rule = ruleById.get(b.ruleId)!;
    const capped = rule.max_points ? Math.min(b.points, rule.max_points) : b.points;
    const points = Math.round(capped);
    if (points === 0) continue;
    const list = byRecord.get(b.rid) ?? [];
    list.push({ ruleId: rule.id, name: rule.name, kind: 'behaviour', points, count: b.count });
    byRecord.set(b.rid, list);
  }
  return rows.map((row) => {
    const reasons = [
      ...fit.flatMap((f, i) => (row[`f${i}`] ? [{ ruleId: f.rule.id, name: f.rule.name, kind: 'fit' as const, points: f.rule.points }] : [])),
      ...(byRecord.get(row.id) ?? []),
    ].sort(byWeight);
    return { id: row.id, score: reasons.reduce((s, r) => s + r.points, 0), reasons, stored: { score: row.score, reasons: row.score_reasons } };
  });
}

export interface RecomputeResult {
  object: ScoredObject;
  records: number;
  changed: number;
}

/** The cause our own writes carry, so the change listener does not queue them again. */
export const SCORING_CAUSE = { scoring: true };

/**
 * Recomputes scores and writes just the records whose score or reasons changed, through the
 * engine's bulk update as the system: each change is audited and announced, so automation rules
 * on the score (score crosses 60) fire.
 */
export async function recomputeScores(db: Kysely<Database>, engine: Engine, object: ScoredObject, options: ComputeOptions = {}): Promise<RecomputeResult> {
  const scores = await computeScores(db, engine, object, options);
  const changed = scores
    .map((s) => ({ id: s.id, values: { score: s.score, score_reasons: reasonsText(s.reasons) }, stored: s.stored }))
    // A record nothing ever scored stays empty rather than getting an audited 0.
    .filter((s) => (s.stored.score === null ? s.values.score !== 0 || s.values.score_reasons !== null : s.values.score !== s.stored.score || s.values.score_reasons !== s.stored.reasons));
  const meta = engine.metadata.get(object);
  for (let i = 0; i < changed.length; i += CHUNK) {
    const chunk = changed.slice(i, i + CHUNK).map(({ id, values }) => ({ id, values }));
    await db.transaction().execute((trx) => engine.records.bulk.update(trx, meta, chunk, SYSTEM_CONTEXT, { cause: SCORING_CAUSE }));
  }
  return { object, records: scores.length, changed: changed.length };
}
