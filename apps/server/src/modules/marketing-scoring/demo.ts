import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Engine } from '../../engine/index.js';
import { recomputeScores } from './compute.js';
import { SCORED_OBJECTS } from './fields.js';
import { createRule, type RuleInput } from './rules.js';

const DAY = 86_400_000;
const rule = (r: Partial<RuleInput> & Pick<RuleInput, 'name' | 'kind' | 'points'>): RuleInput => ({ object: null, activity: null, match: null, condition: null, halfLifeDays: null, maxPoints: null, active: true, ...r });

/** The rules a new install could start from: what a marketing team typically weighs. */
export const DEMO_RULES: RuleInput[] = [
  rule({ name: '浏览价格页', kind: 'behaviour', activity: 'page_view', match: '/pricing', points: 10, halfLifeDays: 14, maxPoints: 30 }),
  rule({ name: '下载产品资料', kind: 'behaviour', activity: 'download', match: '.pdf', points: 15, halfLifeDays: 30 }),
  rule({ name: '预约演示', kind: 'behaviour', activity: 'custom', match: 'demo_requested', points: 25, halfLifeDays: 30 }),
  rule({ name: '提交网页表单', kind: 'behaviour', activity: 'form_submit', points: 20, halfLifeDays: 60 }),
  rule({ name: '打开营销邮件', kind: 'behaviour', object: 'contacts', activity: 'email_open', points: 3, halfLifeDays: 14, maxPoints: 9 }),
  rule({ name: '点击营销邮件', kind: 'behaviour', object: 'contacts', activity: 'email_click', points: 8, halfLifeDays: 30 }),
  rule({ name: '来源：官网', kind: 'fit', object: 'leads', condition: { field: 'source', op: 'eq', value: 'website' }, points: 10 }),
  rule({ name: '职位：总监', kind: 'fit', object: 'leads', condition: { field: 'title', op: 'contains', value: '总监' }, points: 15 }),
  rule({ name: '职位：总经理', kind: 'fit', object: 'leads', condition: { field: 'title', op: 'contains', value: '总经理' }, points: 15 }),
  rule({ name: '已淘汰线索', kind: 'fit', object: 'leads', condition: { field: 'status', op: 'eq', value: 'unqualified' }, points: -30 }),
];

/** Visits of the demo leads in turn: [type, path or event name, days ago]. */
const VISITS: [string, string, number][][] = [
  [['page_view', '/pricing', 1], ['page_view', '/pricing', 3], ['download', '/files/crm-brochure.pdf', 2], ['custom', 'demo_requested', 1]],
  [['page_view', '/pricing', 20], ['page_view', '/features', 20]],
  [['page_view', '/pricing', 2], ['download', '/files/case-study.pdf', 5]],
  [['page_view', '/blog/crm-guide', 40]],
];

/**
 * The default rules, visits of a few demo leads on the company website, then a rescore of every
 * lead and contact (the contacts' e-mail opens and clicks come from the e-mail demo). Returns the
 * number of leads with a score.
 */
export async function loadScoringDemo(db: Kysely<Database>, engine: Engine): Promise<number> {
  for (const r of DEMO_RULES) await createRule(db, engine, r, null);
  // Leads the tracking demo has not already given visits to, on its site when there is one.
  const { rows: leads } = await sql<{ id: string }>`
    SELECT id FROM leads l WHERE deleted_at IS NULL AND status <> 'converted'
      AND NOT EXISTS (SELECT 1 FROM tracking_visitors v WHERE v.object = 'leads' AND v.record_id = l.id)
    ORDER BY created_at, id LIMIT ${VISITS.length}`.execute(db);
  if (leads.length) {
    const existing = await sql<{ id: string }>`SELECT id FROM tracking_sites ORDER BY created_at LIMIT 1`.execute(db);
    const site = existing.rows.length ? existing : await sql<{ id: string }>`
      INSERT INTO tracking_sites (site_key, name, allowed_origins) VALUES (${randomUUID()}, '公司官网（演示）', '["https://www.example.com"]') RETURNING id`.execute(db);
    for (const [i, lead] of leads.entries()) {
      const visitor = randomUUID();
      await sql`INSERT INTO tracking_visitors (visitor_id, object, record_id, identified_by, identified_at) VALUES (${visitor}, 'leads', ${lead.id}, 'form', now())`.execute(db);
      for (const [type, key, days] of VISITS[i]) {
        const at = new Date(Date.now() - days * DAY);
        const url = type === 'custom' ? null : `https://www.example.com${key}`;
        await sql`
          INSERT INTO tracking_events (site_id, visitor_id, type, name, url, path, target, at)
          VALUES (${site.rows[0].id}, ${visitor}, ${type}, ${type === 'custom' ? key : null}, ${type === 'page_view' ? url : null}, ${type === 'page_view' ? key : null}, ${type === 'download' ? url : null}, ${at})`.execute(db);
      }
    }
  }
  for (const object of SCORED_OBJECTS) await recomputeScores(db, engine, object);
  const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM leads WHERE score IS NOT NULL AND deleted_at IS NULL`.execute(db);
  return Number(rows[0].n);
}
