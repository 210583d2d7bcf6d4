import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitEvent } from '../src/engine/jobs/emit-event.js';
import { computeScores, recomputeScores } from '../src/modules/marketing-scoring/compute.js';
import { disableShippedRules, jobProgress } from './helpers/automation.js';
import { startTestCrm, type Client, type TestCrm } from './helpers/crm.js';
import { waitForProgress } from './helpers/local-servers.js';

/**
 * Lead scoring on a known history: behaviour points halving by their half-life against an
 * injected clock, caps, fit conditions, the stored reasons, event-driven rescoring, the
 * `score_crosses` trigger firing once per crossing, and who may edit the rules.
 */
process.env.AUTOMATION_SCAN_MS = '3600000';

let t: TestCrm;
let admin: Client;
const db = () => t.crm.handle.db;
const DAY = 86_400_000;
/** The clock of the known history: events are placed relative to it. */
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
let siteId: string;
const rules: Record<string, string> = {};

async function addRule(body: Record<string, unknown>, as: Client = admin) {
  const res = await as.post('/api/v1/lead-scoring/rules', body);
  expect(res.status, res.text).toBe(201);
  return res.body.data.id as string;
}

/** A visitor tied to the record, with events of (type, path or name, days before NOW). */
async function visits(object: string, recordId: string, events: [string, string, number][]) {
  const visitor = randomUUID();
  await sql`INSERT INTO tracking_visitors (visitor_id, object, record_id, identified_by, identified_at) VALUES (${visitor}, ${object}, ${recordId}, 'form', now())`.execute(db());
  for (const [type, key, days] of events) {
    await sql`INSERT INTO tracking_events (site_id, visitor_id, type, name, path, at) VALUES (${siteId}, ${visitor}, ${type}, ${type === 'custom' ? key : null}, ${type === 'custom' ? null : key}, ${ago(days)})`.execute(db());
  }
  return visitor;
}

const score = async (object: string, id: string) => (await admin.get(`/api/v1/${object}/${id}`)).body.data.score as number | null;
const progress = () => Promise.all([jobProgress(t.crm), jobProgress(t.crm, ['marketing-scoring-changed'])]);
const waitForScore = (object: string, id: string, expected: number) =>
  waitForProgress(async () => (await score(object, id)) === expected, progress, { what: `${object} ${id} to score ${expected}` });

let leadA: string;
let leadB: string;
let contactC: string;

beforeAll(async () => {
  t = await startTestCrm({ jobs: true });
  admin = t.admin.client;
  await disableShippedRules(db());
  const site = await sql<{ id: string }>`INSERT INTO tracking_sites (site_key, name) VALUES (${randomUUID()}, '官网') RETURNING id`.execute(db());
  siteId = site.rows[0].id;
  rules.pricing = await addRule({ name: '浏览价格页', kind: 'behaviour', activity: 'page_view', match: '/Pricing', points: 10, halfLifeDays: 7 });
  rules.brochure = await addRule({ name: '下载产品手册', kind: 'behaviour', activity: 'custom', match: 'downloaded_brochure', points: 15, halfLifeDays: 14, maxPoints: 20 });
  rules.form = await addRule({ name: '提交表单', kind: 'behaviour', object: 'leads', activity: 'form_submit', points: 20 });
  rules.click = await addRule({ name: '点击营销邮件', kind: 'behaviour', activity: 'email_click', points: 8, halfLifeDays: 30 });
  rules.director = await addRule({ name: '职位含总监', kind: 'fit', object: 'leads', condition: { field: 'title', op: 'contains', value: '总监' }, points: 10 });
  rules.website = await addRule({ name: '来源官网', kind: 'fit', object: 'leads', condition: { field: 'source', op: 'eq', value: 'website' }, points: 5 });
  // Created before the jobs would score them from their fields: the test drives the clock itself.
  leadA = (await admin.create('leads', { name: '甲·技术总监', title: '技术总监', source: 'website' })).id;
  leadB = (await admin.create('leads', { name: '乙·推荐', source: 'referral' })).id;
  contactC = (await admin.create('contacts', { name: '丙·联系人' })).id;
  await visits('leads', leadA, [['page_view', '/pricing', 0], ['page_view', '/en/pricing?x=1', 7], ['page_view', '/about', 1], ['custom', 'downloaded_brochure', 14], ['custom', 'downloaded_brochure', 14], ['custom', 'downloaded_brochure', 14], ['custom', 'other', 0]]);
  // An event after the clock does not count yet.
  await visits('leads', leadA, [['page_view', '/pricing', -1]]);
  await visits('leads', leadB, [['page_view', '/pricing', 28]]);
  const form = await sql<{ id: string }>`INSERT INTO web_forms (token, name, fields) VALUES (${randomUUID()}, '试用申请', '[]') RETURNING id`.execute(db());
  await sql`INSERT INTO web_form_submissions (form_id, outcome, object, record_id, at) VALUES (${form.rows[0].id}, 'created', 'leads', ${leadB}, ${ago(30)}), (${form.rows[0].id}, 'spam', 'leads', ${leadB}, ${ago(30)})`.execute(db());
  await sql`INSERT INTO marketing_send_recipients (send_id, contact_id, state, opened_at, clicked_at) VALUES (${randomUUID()}, ${contactC}, 'delivered', ${ago(30)}, ${ago(30)}), (${randomUUID()}, ${contactC}, 'delivered', ${ago(2)}, null)`.execute(db());
});
afterAll(() => t?.close());

describe('scores from a known history', () => {
  it('adds decayed behaviour points, caps, and fit points; the reasons sum to the score', async () => {
    const leads = new Map((await computeScores(db(), t.crm.engine, 'leads', { now: NOW })).map((s) => [s.id, s]));
    const a = leads.get(leadA)!;
    // Pricing: 10 (today) + 10 × ½ (7 days) = 15; brochure: 3 × 15 × ½ (14 days) = 22.5, capped at 20; 总监 10, 官网 5.
    expect(a.reasons.map((r) => [r.name, r.points, r.count ?? null])).toEqual([
      ['下载产品手册', 20, 3], ['浏览价格页', 15, 2], ['职位含总监', 10, null], ['来源官网', 5, null],
    ]);
    expect(a.score).toBe(50);
    // Form 20 (no decay; the spam submission does not count) + pricing 10 × ½⁴ = 0.625 → 1.
    expect(leads.get(leadB)!.reasons.map((r) => [r.name, r.points])).toEqual([['提交表单', 20], ['浏览价格页', 1]]);
    expect(leads.get(leadB)!.score).toBe(21);
    // One click 30 days ago at a 30-day half-life: 8 × ½ = 4. Opens score nothing: no rule counts them.
    const [c] = await computeScores(db(), t.crm.engine, 'contacts', { now: NOW, only: [contactC] });
    expect(c.score).toBe(4);
  });

  it('decays with the clock: 14 days later the same history is worth less', async () => {
    const [a] = await computeScores(db(), t.crm.engine, 'leads', { now: new Date(NOW.getTime() + 14 * DAY), only: [leadA] });
    // Pricing: the view at "day -1" now counts too, 13 days old: 10 × ½^(13/7) + 10 × ½² + 10 × ½³ = 2.76 + 2.5 + 1.25 = 6.51 → 7;
    // brochure: 3 × 15 × ½² = 11.25 → 11; fit 15.
    expect(a.reasons.map((r) => [r.name, r.points])).toEqual([['下载产品手册', 11], ['职位含总监', 10], ['浏览价格页', 7], ['来源官网', 5]]);
    expect(a.score).toBe(33);
  });

  it('stores the score and its reasons; the list sorts and filters on the score; the card shows the reasons', async () => {
    await recomputeScores(db(), t.crm.engine, 'leads', { now: NOW });
    const lead = (await admin.get(`/api/v1/leads/${leadA}`)).body.data;
    expect(lead.score).toBe(50);
    expect(lead.score_reasons).toBe('下载产品手册 +20 (3×)\n浏览价格页 +15 (2×)\n职位含总监 +10\n来源官网 +5');
    const list = await admin.list('leads', { sort: '-score', filter: { field: 'score', op: 'gte', value: 1 } });
    expect(list.status, list.text).toBe(200);
    expect(list.body.data.map((r: any) => r.id)).toEqual([leadA, leadB]);
    const again = await recomputeScores(db(), t.crm.engine, 'leads', { now: NOW });
    expect(again.changed).toBe(0);
    const card = await admin.get(`/api/v1/lead-scoring/leads/${leadB}`);
    expect(card.status).toBe(200);
    expect(card.body.data.score).toBe(21);
    expect(card.body.data.reasons.map((r: any) => r.name)).toEqual(['提交表单', '浏览价格页']);
  });
});

describe('rescoring on change and the crossing trigger', () => {
  it('scores a new lead from its fields, and again when a field changes or the person acts', async () => {
    const lead = await admin.create('leads', { name: '丁·市场总监', title: '市场总监' });
    await waitForScore('leads', lead.id, 10);
    await admin.patch(`/api/v1/leads/${lead.id}`, { source: 'website' });
    await waitForScore('leads', lead.id, 15);
    // A website event as the tracking writer emits it, in the transaction that stores it.
    const visitor = await visits('leads', lead.id, []);
    await db().transaction().execute(async (trx) => {
      await sql`INSERT INTO tracking_events (site_id, visitor_id, type, path, at) VALUES (${siteId}, ${visitor}, 'page_view', '/pricing', now())`.execute(trx);
      await emitEvent(trx, 'website.page_view', { object: 'leads', recordId: lead.id, data: {} });
    });
    await waitForScore('leads', lead.id, 25);
  });

  it('"score crosses 40 → assign to a rep" fires once per crossing', async () => {
    const rep = await t.createUser({ role: 'sales_rep', name: '评分接收人' });
    const rule = await admin.post('/api/v1/automation/rules', {
      name: '评分超过 40 → 分配销售', object: 'leads', enabled: true,
      trigger: { kind: 'score_crosses', threshold: 40 },
      actions: [{ type: 'assign_owner', mode: 'user', userId: rep.id }],
    });
    expect(rule.status, rule.text).toBe(201);
    const bad = await admin.post('/api/v1/automation/rules', { name: 'x', object: 'deals', trigger: { kind: 'score_crosses', threshold: 40 }, actions: [{ type: 'assign_owner', mode: 'user', userId: rep.id }] });
    expect(bad.status).toBe(400);
    const lead = (await admin.create('leads', { name: '戊·待评分' })).id;
    await visits('leads', lead, [['custom', 'downloaded_brochure', 0], ['custom', 'downloaded_brochure', 0], ['custom', 'downloaded_brochure', 0]]);
    const runs = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM automation_runs WHERE rule_id = ${rule.body.data.id}`.execute(db())).rows[0].n);
    await recomputeScores(db(), t.crm.engine, 'leads', { only: [lead] });
    expect(await score('leads', lead)).toBe(20); // 3 × 15, capped at 20: below 40
    await rescoreWith(30, lead); // 3 × 30, no cap: 90, crosses 40
    await waitForProgress(async () => (await admin.get(`/api/v1/leads/${lead}`)).body.data.owner_id === rep.id, progress, { what: 'the rep to get the lead' });
    // Higher again, and a change of another field: no second run.
    await rescoreWith(40, lead);
    expect(await score('leads', lead)).toBe(120);
    await admin.patch(`/api/v1/leads/${lead}`, { company: '戊公司' });
    await waitForProgress(async () => (await jobProgress(t.crm, ['marketing-scoring-changed', 'record-events', 'automation-runs'])).open === 0, progress, { what: 'jobs to settle' });
    expect(await runs()).toBe(1);
  });
});

/** Gives the brochure rule these points without a cap, and rescores the lead. */
async function rescoreWith(points: number, lead: string) {
  const res = await admin.patch(`/api/v1/lead-scoring/rules/${rules.brochure}`, { name: '下载产品手册', kind: 'behaviour', activity: 'custom', match: 'downloaded_brochure', points, halfLifeDays: 14 });
  expect(res.status, res.text).toBe(200);
  await recomputeScores(db(), t.crm.engine, 'leads', { only: [lead] });
}

describe('who may see and change the rules', () => {
  it('市场专员 reads, 市场经理 edits, a sales rep cannot; bad rules are refused naming the field', async () => {
    const marketer = await t.createUser({ role: 'marketer' });
    const manager = await t.createUser({ role: 'marketing_manager' });
    const rep = await t.createUser({ role: 'sales_rep' });
    const read = await marketer.client.get('/api/v1/lead-scoring/rules');
    expect(read.status).toBe(200);
    expect(read.body.canEdit).toBe(false);
    expect(read.body.data.length).toBeGreaterThanOrEqual(6);
    expect((await marketer.client.post('/api/v1/lead-scoring/rules', { name: 'x', kind: 'behaviour', activity: 'download', points: 1 })).status).toBe(403);
    expect((await rep.client.post('/api/v1/lead-scoring/rules', { name: 'x', kind: 'behaviour', activity: 'download', points: 1 })).status).toBe(403);
    const id = await addRule({ name: '下载白皮书', kind: 'behaviour', activity: 'download', match: '.pdf', points: 5 }, manager.client);
    expect((await manager.client.delete(`/api/v1/lead-scoring/rules/${id}`)).status).toBe(204);
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'x', kind: 'fit', object: 'leads', points: 5 }, 'condition'],
      [{ name: 'x', kind: 'fit', points: 5, condition: { field: 'title', op: 'eq', value: 'a' } }, 'object'],
      [{ name: 'x', kind: 'fit', object: 'leads', points: 5, condition: { field: 'nope', op: 'eq', value: 'a' } }, 'condition.field'],
      [{ name: 'x', kind: 'behaviour', points: 5 }, 'activity'],
      [{ name: 'x', kind: 'behaviour', activity: 'download', points: 5, halfLifeDays: 0 }, 'halfLifeDays'],
      [{ name: 'x', kind: 'behaviour', activity: 'download', points: 'many' }, 'points'],
    ];
    for (const [body, path] of cases) {
      const res = await admin.post('/api/v1/lead-scoring/rules', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details.map((d: any) => d.path).join(','), JSON.stringify(res.body)).toContain(path);
    }
    // Nothing half-written: the refused rules are not there.
    const count = (await admin.get('/api/v1/lead-scoring/rules')).body.data.length;
    expect(count).toBe(6);
  });
});
