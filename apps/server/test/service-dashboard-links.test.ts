import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from './helpers/crm.js';

let t: TestCrm;
beforeAll(async () => {
  t = await startTestCrm();
}, 120_000);
afterAll(async () => t?.close());

const at = (iso: string, minutes: number | null) => (minutes === null ? null : new Date(Date.parse(iso) + minutes * 60_000).toISOString());

async function timed(id: string, created: string, v: { fr?: number | null; solved?: number | null; frDue?: number | null; resDue?: number | null; csat?: number | null; status: string }) {
  await sql`UPDATE tickets SET created_at = ${created}, first_responded_at = ${at(created, v.fr ?? null)}, solved_at = ${at(created, v.solved ?? null)},
    first_response_due_at = ${at(created, v.frDue ?? null)}, resolution_due_at = ${at(created, v.resDue ?? null)}, satisfaction = ${v.csat ?? null}, status = ${v.status}
    WHERE id = ${id}`.execute(t.crm.handle.db);
}

interface Link {
  filter: unknown;
  named?: Record<string, string>;
}
/** How many tickets the list shows for a figure's link (what a click on the figure opens). */
async function listed(link: Link): Promise<number> {
  const params = new URLSearchParams({ filter: JSON.stringify(link.filter), count: 'true', limit: '1', ...(link.named ?? {}) });
  const res = await t.admin.client.get(`/api/v1/tickets?${params}`);
  expect(res.status, res.text).toBe(200);
  return res.body.total;
}

describe('service dashboard figures open exactly their tickets', () => {
  it('backlog, days, agents, groups, SLA outcomes and CSAT match the list behind them; times also in business hours; NPS beside CSAT', async () => {
    const admin = t.admin.client;
    const group = await admin.create('support_groups', { name: '链接测试组' });
    const other = await admin.create('support_groups', { name: '链接测试二组' });
    const ticket = async (g: string) => (await admin.create('tickets', { subject: '链接', support_group_id: g, owner_id: t.admin.id })).id as string;
    // Monday 2 March 2026, Asia/Shanghai (UTC+8). Created 10:00 local, answered 11:00 (60 business minutes).
    await timed(await ticket(group.id), '2026-03-02T02:00:00Z', { fr: 60, solved: 120, frDue: 90, resDue: 100, csat: 5, status: 'solved' });
    // Created Friday 6 March 17:00 local, answered Monday 9:30 (wall 3870 minutes, business 60 + 30 = 90); resolution overdue by now.
    await timed(await ticket(group.id), '2026-03-06T09:00:00Z', { fr: 3870, frDue: 60, resDue: 99_999, status: 'open' });
    await timed(await ticket(other.id), '2026-03-03T02:00:00Z', { fr: 5, solved: 30, frDue: 60, resDue: 600, csat: 3, status: 'closed' });
    await timed(await ticket(other.id), '2026-03-04T02:00:00Z', { status: 'new', frDue: 1, resDue: 2 });
    await timed(await ticket(other.id), '2026-03-04T03:00:00Z', { status: 'pending_customer', fr: 10, frDue: 60 });

    const d = (await admin.get('/api/v1/service/dashboard?from=2026-03-02&to=2026-03-15')).body.data;
    expect(d.created).toBe(5);
    expect(await listed({ filter: d.filters.created })).toBe(d.created);
    expect(await listed({ filter: d.filters.solved })).toBe(d.solved);
    const backlogTotal = d.backlog.reduce((n: number, b: { count: number }) => n + b.count, 0);
    expect(await listed({ filter: d.filters.backlog })).toBe(backlogTotal);
    for (const b of d.backlog) expect(await listed({ filter: b.filter })).toBe(b.count);
    expect(d.backlogByGroup.map((g: { name: string; count: number }) => [g.name, g.count])).toEqual([['链接测试二组', 2], ['链接测试组', 1]]);
    for (const g of d.backlogByGroup) expect(await listed({ filter: g.filter })).toBe(g.count);
    for (const day of d.daily) {
      expect(await listed({ filter: day.filters.created })).toBe(day.created);
      expect(await listed({ filter: day.filters.solved })).toBe(day.solved);
    }
    for (const a of d.agents) expect(await listed({ filter: a.filter })).toBe(a.solved);
    for (const g of d.groups) expect(await listed({ filter: g.filter })).toBe(g.solved);
    expect(await listed({ filter: d.filters.firstResponded })).toBe(d.totals.firstResponse.count);
    expect(await listed({ filter: d.filters.csat })).toBe(d.totals.csat.count);
    const sla = d.totals.sla;
    expect([sla.firstResponse.met, sla.firstResponse.breached, sla.resolution.met, sla.resolution.breached]).toEqual([3, 2, 1, 3]);
    expect(await listed(d.filters.sla.firstResponseMet)).toBe(sla.firstResponse.met);
    expect(await listed(d.filters.sla.firstResponseBreached)).toBe(sla.firstResponse.breached);
    expect(await listed(d.filters.sla.resolutionMet)).toBe(sla.resolution.met);
    expect(await listed(d.filters.sla.resolutionBreached)).toBe(sla.resolution.breached);

    // Wall: 5, 10, 60, 3870; business (09:00–18:00 on working days): 5, 10, 60, 90.
    expect(d.totals.firstResponse).toMatchObject({ count: 4, median: 35 });
    expect(d.totals.firstResponseBusiness).toEqual({ count: 4, median: 35, p90: 81 });
    expect(d.totals.resolutionBusiness).toMatchObject({ count: 2, median: 75 });
    expect(d.nps).toEqual({ count: 0, promoters: 0, passives: 0, detractors: 0, score: null });

    expect((await admin.get('/api/v1/tickets?sla=late')).status).toBe(400);
    expect((await admin.get('/api/v1/customers?sla=fr_met')).status).toBe(400);
  });

  it('adds NPS of survey answers in the period', async () => {
    const db = t.crm.handle.db;
    const survey = await db.insertInto('surveys').values({ title_zh: '调查', title_en: 'Survey', intro_zh: null, intro_en: null, status: 'open', questions: JSON.stringify([{ id: 'n', type: 'nps', label: { zh: '推荐', en: 'Rec' }, required: true }]), created_by: null }).returning('id').executeTakeFirstOrThrow();
    for (const [i, score] of [10, 9, 7, 3].entries()) {
      const contact = await t.admin.client.create('contacts', { name: `NPS ${i}` });
      const r = await db.insertInto('survey_responses').values({ survey_id: survey.id, contact_id: contact.id, created_at: '2026-04-02T03:00:00Z' }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('survey_answers').values({ response_id: r.id, survey_id: survey.id, question_id: 'n', number_value: score, choice_values: null, text_value: null }).execute();
    }
    const d = (await t.admin.client.get('/api/v1/service/dashboard?from=2026-04-01&to=2026-04-30')).body.data;
    expect(d.nps).toEqual({ count: 4, promoters: 2, passives: 1, detractors: 1, score: 25 });
    const agent = await t.createUser({ role: 'service_agent' });
    expect((await agent.client.get('/api/v1/service/dashboard?from=2026-04-01&to=2026-04-30')).body.data.nps.score).toBe(25);
  });
});
