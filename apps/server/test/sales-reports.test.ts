import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { automationOf } from '../src/modules/automation/index.js';
import { previousWeek } from '../src/modules/sales-reports/period.js';
import { generateWeeklyReports } from '../src/modules/sales-reports/weekly/generate-reports.js';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';
import { startSmtpServer, waitFor } from './helpers/local-servers.js';
// The SMTP and webhook receivers run on 127.0.0.1, which outbound requests may not reach unless allowed.
process.env.CRM_OUTBOUND_ALLOW = '127.0.0.1';

/**
 * Weekly reports and the sales dashboard against hand-computed figures: two teams, known records at
 * known instants around the week of Monday 2026-11-09 (Asia/Shanghai, UTC+8: the week runs
 * 2026-11-08T16:00Z – 2026-11-15T16:00Z), and what each role may see.
 */
process.env.AUTOMATION_SCAN_MS = '3600000'; // scans run on the test's own clock
process.env.CRM_TIME_ZONE = 'Asia/Shanghai';

let t: TestCrm;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let repA: TestUser; // 华北 rep
let managerA: TestUser; // 华北 lead
let repB: TestUser; // 华东 rep, English
let teamA: string;
let teamB: string;
const db = () => t.crm.handle.db;
const WEEK = '2026-11-09';
const ids: Record<string, string> = {};

/** Creates a record as a user, then moves its timestamps to the test's instants. */
async function seed(user: TestUser, object: string, key: string, values: Record<string, unknown>, times: Record<string, string>) {
  const record = await user.client.create(object, values);
  ids[key] = record.id;
  if (!Object.keys(times).length) return;
  const sets = Object.entries(times).map(([col, at]) => sql`${sql.ref(col)} = ${at}::timestamptz`);
  await sql`UPDATE ${sql.table(object)} SET ${sql.join(sets)} WHERE id = ${record.id}`.execute(db());
}
const deal = (user: TestUser, key: string, amount: number, stage: string, created: string, closed?: string, close?: string) =>
  seed(user, 'deals', key, { name: key, amount: { amount }, stage, ...(stage === 'lost' ? { lost_reason: 'price' } : {}), ...(close ? { expected_close_date: close } : {}) }, { created_at: created, ...(closed ? { closed_at: closed } : {}) });

beforeAll(async () => {
  [t, smtp] = await Promise.all([startTestCrm({ jobs: true }), startSmtpServer()]);
  teamA = await t.createTeam('华北销售部');
  teamB = await t.createTeam('华东销售部');
  managerA = await t.createUser({ role: 'sales_manager', teamId: teamA, name: '王经理', email: 'wang@crm.test' });
  repA = await t.createUser({ role: 'sales_rep', teamId: teamA, name: '李销售', email: 'li@crm.test' });
  repB = await t.createUser({ role: 'sales_rep', teamId: teamB, name: 'Bob Chen', email: 'bob@crm.test', locale: 'en' });
  await db().updateTable('teams').set({ lead_user_id: managerA.id }).where('id', '=', teamA).execute();
  const saved = await t.admin.client.request('PUT', '/api/v1/email/settings', { host: '127.0.0.1', port: smtp.port, security: 'none', username: null, fromName: 'CRM', fromAddress: 'noreply@crm.test', appUrl: 'https://crm.example.com/' });
  if (saved.status !== 200) throw new Error(saved.text);

  // Rep A's leads: two inside the week (the second a minute before it ends), two just outside.
  await seed(repA, 'leads', 'L1', { name: '线索一', source: 'website' }, { created_at: '2026-11-09T02:00:00Z' });
  await seed(repA, 'leads', 'L2', { name: '线索二', source: 'website' }, { created_at: '2026-11-15T15:59:00Z' });
  await seed(repA, 'leads', 'L3', { name: '线索三', source: 'referral' }, { created_at: '2026-11-15T16:00:00Z' });
  await seed(repA, 'leads', 'L4', { name: '线索四', source: 'ads' }, { created_at: '2026-11-08T15:59:59Z' });
  // Rep A's follow-ups: call ×2 and a visit in the week, a meeting the week after.
  for (const [key, type, at] of [['F1', 'call', '2026-11-10T01:00:00Z'], ['F2', 'call', '2026-11-11T01:00:00Z'], ['F3', 'visit', '2026-11-12T03:00:00Z'], ['F4', 'meeting', '2026-11-20T01:00:00Z']]) {
    await seed(repA, 'activities', key, { type, subject: key, occurred_at: at }, {});
  }
  // Rep A's deals.
  await deal(repA, 'D1', 100000, 'won', '2026-11-02T02:00:00Z', '2026-11-12T02:00:00Z'); // won in the week, open at its start
  await deal(repA, 'D2', 50000, 'proposal', '2026-11-10T02:00:00Z', undefined, '2026-11-25'); // created in the week, open
  await deal(repA, 'D3', 30000, 'lost', '2026-11-03T02:00:00Z', '2026-11-14T02:00:00Z'); // lost in the week
  await deal(repA, 'D4', 20000, 'negotiation', '2026-10-20T02:00:00Z', undefined, '2026-12-10'); // open all along
  await deal(repA, 'D5', 70000, 'won', '2026-11-11T02:00:00Z', '2026-11-13T02:00:00Z'); // created and won in the week
  await deal(repA, 'D6', 5000, 'won', '2026-10-01T02:00:00Z', '2026-11-05T02:00:00Z'); // won the week before
  // Manager A: a new deal and a WeChat follow-up.
  await deal(managerA, 'D8', 40000, 'initial', '2026-11-12T02:00:00Z', undefined, '2027-01-15');
  await seed(managerA, 'activities', 'F5', { type: 'wechat', subject: 'F5', occurred_at: '2026-11-13T01:00:00Z' }, {});
  // Rep B (the other team).
  await seed(repB, 'leads', 'L5', { name: 'Lead five', source: 'event' }, { created_at: '2026-11-10T02:00:00Z' });
  await seed(repB, 'activities', 'F6', { type: 'call', subject: 'F6', occurred_at: '2026-11-10T03:00:00Z' }, {});
  await deal(repB, 'D7', 200000, 'won', '2026-11-10T02:00:00Z', '2026-11-10T05:00:00Z');
  // Payments received (the orders module): rep A two in the week, one the Monday after; rep B one.
  const pay = async (user: TestUser, key: string, amounts: Array<[number, string]>) => {
    const customer = await user.client.create('customers', { name: `${key} 客户` });
    const order = await user.client.create('orders', { name: `${key} 合同`, customer_id: customer.id, total_amount: { amount: 100000, currency: 'CNY' }, signed_on: '2026-11-01' });
    for (const [amount, on] of amounts) await user.client.create('payments', { order_id: order.id, amount: { amount, currency: 'CNY' }, received_on: on });
  };
  await pay(repA, 'OA', [[10000, '2026-11-09'], [5000, '2026-11-15'], [999, '2026-11-16']]);
  await pay(repB, 'OB', [[7000, '2026-11-10']]);
  // Monthly targets (the pipelines module's table): per rep, and team A's own.
  await sql`INSERT INTO sales_targets (month, user_id, team_id, amount) VALUES
    ('2026-11-01', ${repA.id}, NULL, 300000), ('2026-11-01', ${managerA.id}, NULL, 100000), ('2026-11-01', ${repB.id}, NULL, 150000),
    ('2026-11-01', NULL, ${teamA}, 500000)`.execute(db());
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const generate = (user: TestUser, body: Record<string, unknown>) => user.client.post('/api/v1/sales/reports', { week: WEEK, ...body });
const headline = (f: any) => ({
  newLeads: f.newLeads.count,
  followUps: f.followUps.total,
  byType: Object.fromEntries(f.followUps.byType.map((x: any) => [x.type, x.count])),
  created: [f.dealsCreated.count, f.dealsCreated.amount],
  won: [f.dealsWon.count, f.dealsWon.amount],
  lost: [f.dealsLost.count, f.dealsLost.amount],
  pipeline: [f.pipeline.start, f.pipeline.end, f.pipeline.change],
  payments: [f.payments.count, f.payments.amount],
});

/** The list behind a figure, as the same user sees it: its total must equal the figure. */
async function listTotal(user: TestUser, object: string, filter: unknown): Promise<number> {
  const res = await user.client.list(object, { filter, count: true, limit: 1 });
  expect(res.status).toBe(200);
  return res.body.total;
}

describe('weekly report', () => {
  it('counts a rep’s week: leads, follow-ups by type, deals created/won/lost, pipeline change', async () => {
    const res = await generate(repA, {});
    expect(res.status).toBe(201);
    const report = res.body.data;
    expect(report).toMatchObject({ weekStart: WEEK, subjectType: 'user', subjectId: repA.id, subjectName: '李销售' });
    expect(report.figures.week).toEqual({ from: '2026-11-09', to: '2026-11-15', startAt: '2026-11-08T16:00:00.000Z', endAt: '2026-11-15T16:00:00.000Z' });
    expect(headline(report.figures)).toEqual({
      newLeads: 2, followUps: 3, byType: { call: 2, visit: 1 },
      created: [2, 120000], won: [2, 170000], lost: [1, 30000], pipeline: [150000, 70000, -80000], payments: [2, 15000],
    });
    // Every figure opens the records behind it.
    const f = report.figures;
    expect(await listTotal(repA, 'leads', f.newLeads.filter)).toBe(2);
    expect(await listTotal(repA, 'deals', f.dealsWon.filter)).toBe(2);
    expect(await listTotal(repA, 'payments', f.payments.filter)).toBe(2);
    expect(await listTotal(repA, 'deals', f.pipeline.startFilter)).toBe(3);
    expect(await listTotal(repA, 'activities', f.followUps.byType.find((x: any) => x.type === 'call').filter)).toBe(2);
  });

  it('sums a team: the lead’s own records and the members’', async () => {
    const res = await generate(managerA, { teamId: teamA });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ subjectType: 'team', subjectName: '华北销售部' });
    expect(headline(res.body.data.figures)).toEqual({
      newLeads: 2, followUps: 4, byType: { call: 2, visit: 1, wechat: 1 },
      created: [3, 160000], won: [2, 170000], lost: [1, 30000], pipeline: [150000, 110000, -40000], payments: [2, 15000],
    });
  });

  it('keeps each rep to their own and each manager to their team', async () => {
    expect((await generate(repA, { userId: repB.id })).status).toBe(403);
    expect((await generate(repA, { teamId: teamA })).status).toBe(403);
    expect((await generate(managerA, { teamId: teamB })).status).toBe(403);
    const other = await generate(repB, {});
    expect(other.status).toBe(201);
    expect(headline(other.body.data.figures)).toEqual({ newLeads: 1, followUps: 1, byType: { call: 1 }, created: [1, 200000], won: [1, 200000], lost: [0, 0], pipeline: [0, 0, 0], payments: [1, 7000] });
    // Stored reports: each sees only theirs (the manager: the team's and its members').
    const names = async (user: TestUser) => (await user.client.get(`/api/v1/sales/reports?week=${WEEK}`)).body.data.map((r: any) => r.subjectName).sort();
    expect(await names(repA)).toEqual(['李销售']);
    expect(await names(repB)).toEqual(['Bob Chen']);
    expect(await names(managerA)).toEqual(['李销售', '华北销售部'].sort());
    expect((await repA.client.get(`/api/v1/sales/reports/${other.body.data.id}`)).status).toBe(404);
    expect((await t.admin.client.get(`/api/v1/sales/reports/${other.body.data.id}`)).body.data.subjectName).toBe('Bob Chen');
  });

  it('refuses bad input naming the field', async () => {
    const bad = await repA.client.post('/api/v1/sales/reports', { week: '2026-13-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('week');
    const both = await repA.client.post('/api/v1/sales/reports', { week: WEEK, userId: repA.id, teamId: teamA });
    expect(both.body.error.details[0].path).toBe('teamId');
    const noTeam = await repA.client.post('/api/v1/sales/reports', { week: WEEK, teamId: '00000000-0000-4000-8000-000000000000' });
    expect([noTeam.status, noTeam.body.error.details[0].path]).toEqual([400, 'teamId']);
  });
});

describe('sales dashboard', () => {
  const dashboard = async (user: TestUser, params: Record<string, string> = {}) => {
    const res = await user.client.get(`/api/v1/sales/dashboard?${new URLSearchParams({ from: '2026-11-01', to: '2026-11-30', ...params })}`);
    expect(res.status).toBe(200);
    return res.body.data;
  };

  it('computes every series for a team against hand-computed figures, each opening its records', async () => {
    const d = await dashboard(t.admin, { teamId: teamA });
    expect([d.won.count, d.won.amount, d.won.target]).toEqual([3, 175000, 500000]);
    expect(d.funnel.map((s: any) => [s.stage, s.count, s.amount, s.rate])).toEqual([
      [null, 5, 290000, null], ['initial', 4, 260000, 80], ['qualified', 3, 220000, 75], ['proposal', 3, 220000, 100], ['negotiation', 2, 170000, 66.7], ['won', 2, 170000, 100],
    ]);
    const cells = d.pipeline.map((c: any) => [c.stage, c.ownerId, c.amount]).sort((a: any, b: any) => a[2] - b[2]);
    expect(cells).toEqual([['negotiation', repA.id, 20000], ['initial', managerA.id, 40000], ['proposal', repA.id, 50000]]);
    expect(d.forecast.map((m: any) => [m.month, m.amount, m.weighted, m.target])).toEqual([
      ['2026-11', 50000, 25000, 500000], ['2026-12', 20000, 15000, null], ['2027-01', 40000, 4000, null], ['2027-02', 0, 0, null], ['2027-03', 0, 0, null], ['2027-04', 0, 0, null],
    ]);
    const acts = Object.fromEntries(d.activities.map((a: any) => [`${a.ownerId === repA.id ? 'A' : 'M'}:${a.type}`, a.count]));
    expect(acts).toEqual({ 'A:call': 2, 'A:visit': 1, 'A:meeting': 1, 'M:wechat': 1 });
    expect(d.leadSources.map((s: any) => [s.source, s.count])).toEqual([['website', 2], ['ads', 1], ['referral', 1]].sort((a, b) => (b[1] as number) - (a[1] as number) || 0));
    expect(d.owners.map((o: any) => o.name).sort()).toEqual(['李销售', '王经理'].sort());
    // Click-through: each point's filter lists exactly its records.
    for (const point of [d.won, ...d.funnel, ...d.pipeline, ...d.forecast.filter((m: any) => m.count), ...d.activities, ...d.leadSources]) {
      expect(await listTotal(t.admin, point.object, point.filter)).toBe(point.count);
    }
  });

  it('shows a rep only their own numbers, and a manager only their team’s', async () => {
    const mine = await dashboard(repA);
    expect([mine.won.count, mine.won.amount, mine.won.target]).toEqual([3, 175000, 300000]);
    expect(mine.leadSources.map((s: any) => s.source)).not.toContain('event');
    const peek = await dashboard(repA, { teamId: teamB });
    expect([peek.won.count, peek.won.amount]).toEqual([0, 0]);
    expect(peek.pipeline).toEqual([]);
    const manager = await dashboard(managerA);
    expect([manager.won.count, manager.won.amount]).toEqual([3, 175000]);
    expect(manager.activities.every((a: any) => a.ownerId !== repB.id)).toBe(true);
    const everyone = await dashboard(t.admin);
    expect([everyone.won.count, everyone.won.amount, everyone.won.target]).toEqual([4, 375000, 550000]);
    const b = await dashboard(repB);
    expect([b.won.amount, b.won.target]).toEqual([200000, 150000]);
  });

  it('leaves out the series a role cannot see: no stage, no groups labelled null', async () => {
    const objects = { '*': { read: 'all', create: 'none', update: 'none', delete: 'none', export: 'none' } };
    const noStage = await t.createUser({ role: await t.createRole('dash_no_stage', { objects, fields: { deals: { stage: 'hidden' }, leads: { source: 'hidden' } } }) });
    const d = await dashboard(noStage, { teamId: teamA });
    // Counted or grouped by the stage (won, funnel, open pipeline and its forecast) or by the source: left out, as in weekly reports.
    expect([d.won, d.funnel, d.pipeline, d.forecast, d.leadSources]).toEqual([null, null, null, null, null]);
    // What does not read the hidden fields stays, with real groups.
    const acts = Object.fromEntries(d.activities.map((a: any) => [`${a.ownerId === repA.id ? 'A' : 'M'}:${a.type}`, a.count]));
    expect(acts).toEqual({ 'A:call': 2, 'A:visit': 1, 'A:meeting': 1, 'M:wechat': 1 });
    const noAmount = await t.createUser({ role: await t.createRole('dash_no_amount', { objects, fields: { deals: { amount: 'hidden' } } }) });
    const a = await dashboard(noAmount, { teamId: teamA });
    expect([a.won.count, a.won.amount]).toEqual([3, null]);
    expect(a.funnel.map((s: any) => [s.stage, s.count, s.amount])[1]).toEqual(['initial', 4, null]);
  });

  it('refuses a bad period or team naming the field', async () => {
    const res = await t.admin.client.get('/api/v1/sales/dashboard?from=2026-11-30&to=2026-11-01');
    expect([res.status, res.body.error.details[0].path]).toEqual([400, 'to']);
    const half = await t.admin.client.get('/api/v1/sales/dashboard?from=2026-11-01');
    expect([half.status, half.body.error.details[0].path]).toEqual([400, 'to']);
    const team = await t.admin.client.get('/api/v1/sales/dashboard?teamId=nope');
    expect([team.status, team.body.error.details[0].path]).toEqual([400, 'teamId']);
  });
});

describe('the Monday rule', () => {
  it('stores every rep’s and team’s report of the week before and e-mails them, once', async () => {
    const rule = await db().selectFrom('automation_rules').selectAll().where('builtin_key', '=', 'weekly_sales_report').executeTakeFirstOrThrow();
    expect([rule.enabled, rule.object, rule.trigger]).toEqual([true, null, { kind: 'schedule', cron: '0 8 * * 1' }]);
    await db().deleteFrom('sales_weekly_reports' as never).execute();
    const automation = automationOf(t.crm.modules);
    await automation.scanDue(new Date('2026-11-15T20:00:00Z'));
    // Monday 2026-11-16 08:00 in Shanghai.
    await automation.scanDue(new Date('2026-11-16T00:00:30Z'));
    const stored = await waitFor(async () => {
      const rows = await sql<{ subject_name: string; week_start: string; figures: any }>`SELECT subject_name, week_start::text, figures FROM sales_weekly_reports ORDER BY subject_name`.execute(db());
      return rows.rows.length === 5 ? rows.rows : undefined;
    });
    expect(stored.map((r) => r.subject_name).sort()).toEqual(['Bob Chen', '华东销售部', '华北销售部', '李销售', '王经理'].sort());
    expect(stored.every((r) => r.week_start === WEEK)).toBe(true);
    expect(headline(stored.find((r) => r.subject_name === '李销售')!.figures)).toMatchObject({ newLeads: 2, won: [2, 170000] });

    const mailsTo = (address: string) => smtp.received.filter((m) => m.envelope.to.includes(address));
    const li = await waitFor(() => mailsTo('li@crm.test')[0]);
    expect(li.mail.subject).toBe('销售周报 2026-11-09 ~ 2026-11-15：李销售');
    expect(li.mail.text).toContain('新增线索：2 条');
    expect(li.mail.text).toContain('跟进记录：3 次（电话 2，拜访 1）');
    expect(li.mail.text).toContain('赢单：2 个，金额 ¥170,000.00');
    expect(li.mail.text).toContain('回款：2 笔，金额 ¥15,000.00');
    expect(li.mail.text).toContain('周初 ¥150,000.00 → 周末 ¥70,000.00（变化 -¥80,000.00）');
    expect(li.mail.text).toMatch(/https:\/\/crm\.example\.com\/sales\/reports\/[0-9a-f-]{36}/);
    const bob = await waitFor(() => mailsTo('bob@crm.test')[0]);
    expect(bob.mail.subject).toBe('Weekly sales report 2026-11-09 – 2026-11-15: Bob Chen');
    expect(bob.mail.text).toContain('Deals won: 1, amount ¥200,000.00');
    // The lead gets their own and the team's; team 华东 has no lead, so nobody gets its report.
    const wang = await waitFor(() => (mailsTo('wang@crm.test').length === 2 ? mailsTo('wang@crm.test') : undefined));
    expect(wang.map((m) => m.mail.subject).sort()).toEqual(['销售周报 2026-11-09 ~ 2026-11-15：华北销售部', '销售周报 2026-11-09 ~ 2026-11-15：王经理'].sort());
    // In the app too, linking to the stored report.
    const inbox = (await repA.client.get('/api/v1/notifications')).body.data;
    expect(inbox[0]).toMatchObject({ title: '销售周报 2026-11-09 ~ 2026-11-15：李销售' });
    expect((await repA.client.get(`/api/v1/sales/reports`)).body.data[0].id).toBe(inbox[0].link.split('/').pop());
    // A second scan in the same slot plans nothing: no second mail.
    await automation.scanDue(new Date('2026-11-16T00:05:00Z'));
    await new Promise((r) => setTimeout(r, 1500));
    expect(mailsTo('li@crm.test')).toHaveLength(1);
  });

  it('completes inside the run’s transaction even when the engine’s metadata check comes due mid-run', async () => {
    // The check runs at most every 2 s; make it due now. Through the app's own pool it would wait for
    // this transaction on PGlite's single connection, for ever.
    (t.crm.engine.metadata as unknown as { lastCheck: number }).lastCheck = 0;
    const week = previousWeek(new Date('2026-11-23T00:00:30Z'), 'Asia/Shanghai');
    const run = db().transaction().execute((trx) => generateWeeklyReports(t.crm.engine, trx, week));
    const hung = new Promise((_, reject) => setTimeout(() => reject(new Error('the weekly run hung')), 15_000));
    expect((await Promise.race([run, hung]) as unknown[]).length).toBeGreaterThan(0);
  });
});
