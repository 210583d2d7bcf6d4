import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';

/**
 * A pipeline as the audit log shows it: its name and its stages on one line per language
 * ("初步接触 10%、需求确认 30%、…"), so an entry says which stage or probability changed.
 */
export async function pipelineSnapshot(db: Kysely<Database>, key: string) {
  const row = await db.selectFrom('pipelines').selectAll().where('key', '=', key).executeTakeFirst();
  if (!row) return null;
  const stages = await db.selectFrom('pipeline_stages').select(['name_zh', 'name_en', 'probability', 'required_fields']).where('pipeline_key', '=', key).orderBy('position').execute();
  // Not joined with arrows: the audit line's own arrow reads from → to.
  const line = (name: (s: (typeof stages)[number]) => string, separator: string) => stages.map((s) => `${name(s)} ${s.probability}%`).join(separator);
  const required = stages.filter((s) => s.required_fields.length).map((s) => `${s.name_zh}: ${s.required_fields.join(', ')}`);
  return {
    key,
    name: { zh: row.name_zh, en: row.name_en },
    isDefault: row.is_default,
    archived: row.archived,
    stages: { zh: line((s) => s.name_zh, '、'), en: line((s) => s.name_en, ', ') },
    requiredFields: required.join('; ') || null,
  };
}

/** A sales target as the audit log shows it: whose, which month, how much. */
export async function targetSnapshot(db: Kysely<Database>, id: string) {
  const row = await db
    .selectFrom('sales_targets as t')
    .leftJoin('users as u', 'u.id', 't.user_id')
    .leftJoin('teams as tm', 'tm.id', 't.team_id')
    .select(['t.month', 't.amount', 't.currency', 'u.name as user', 'tm.name as team'])
    .where('t.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  return { name: `${row.user ?? row.team ?? '?'} · ${String(row.month).slice(0, 7)}`, amount: `${Number(row.amount)} ${row.currency}` };
}
