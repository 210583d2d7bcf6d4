import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getForecast } from '../src/modules/pipelines/forecast.js';
import { startTestCrm, type Client, type TestCrm, type TestUser } from './helpers/crm.js';

type Rec = Record<string, any>;
let t: TestCrm;
let admin: Client;
let north: string, south: string;
let repA: TestUser, repB: TestUser, repC: TestUser, manager: TestUser;

const deal = (client: Client, name: string, amount: number, stage: string, expected: string, extra: Rec = {}) =>
  client.create('deals', { name, amount: { amount, currency: 'CNY' }, stage, expected_close_date: expected, ...extra });
const forecast = (client: Client, by: 'user' | 'team') => client.get(`/api/v1/forecast?from=2027-03&to=2027-04&by=${by}`);
const row = (body: Rec, month: string, key: string) => body.data.rows.find((r: Rec) => r.month === month && r.key === key);

beforeAll(async () => {
  t = await startTestCrm();
  admin = t.admin.client;
  north = await t.createTeam('华北团队');
  south = await t.createTeam('华南团队');
  repA = await t.createUser({ role: 'sales_rep', teamId: north, name: '张三' });
  repB = await t.createUser({ role: 'sales_rep', teamId: north, name: '李四' });
  repC = await t.createUser({ role: 'sales_rep', teamId: south, name: '王五' });
  manager = await t.createUser({ role: 'sales_manager', teamId: north, name: '赵经理' });

  // Hand-computed below. March: A won 30,000; A open 100,000@75% + 50,000@50%; B open 60,000@10%; C open 70,000@75%.
  await deal(repA.client, 'A1', 100_000, 'negotiation', '2027-03-10');
  await deal(repA.client, 'A2', 50_000, 'proposal', '2027-03-20');
  await deal(repA.client, 'A3', 30_000, 'won', '2027-03-05');
  await deal(repA.client, 'A4', 20_000, 'lost', '2027-03-06', { lost_reason: 'price' });
  // April: A open 40,000 at a probability set by hand (80) → committed; B won 10,000.
  await deal(repA.client, 'A5', 40_000, 'qualified', '2027-04-01', { probability: 80 });
  await deal(repB.client, 'B1', 60_000, 'initial', '2027-03-31');
  await deal(repB.client, 'B2', 10_000, 'won', '2027-04-15');
  await deal(repC.client, 'C1', 70_000, 'negotiation', '2027-03-15');
  await deal(repC.client, 'C2', 999_999, 'negotiation', '2027-05-01');
  await deal(repC.client, 'C3', 999_999, 'negotiation', '2027-02-28');

  for (const target of [
    { month: '2027-03', userId: repA.id, amount: 200_000 },
    { month: '2027-03', userId: repC.id, amount: 90_000 },
    { month: '2027-03', teamId: north, amount: 500_000 },
    { month: '2027-04', teamId: south, amount: 80_000 },
  ]) {
    const res = await admin.request('PUT', '/api/v1/sales-targets', target);
    expect(res.status, res.text).toBe(200);
  }
});
afterAll(async () => {
  await t?.close();
});

describe('forecast', () => {
  it('per rep and month: won, committed (≥75%), best case (all open), weighted, against targets', async () => {
    const res = await forecast(admin, 'user');
    expect(res.status, res.text).toBe(200);
    expect(res.body.data.months).toEqual(['2027-03', '2027-04']);
    expect(row(res.body, '2027-03', repA.id)).toEqual({ month: '2027-03', key: repA.id, name: '张三', target: 200_000, won: 30_000, wonCount: 1, committed: 100_000, bestCase: 150_000, weighted: 100_000, openCount: 2 });
    expect(row(res.body, '2027-03', repB.id)).toMatchObject({ target: null, won: 0, committed: 0, bestCase: 60_000, weighted: 6_000 });
    expect(row(res.body, '2027-03', repC.id)).toMatchObject({ target: 90_000, committed: 70_000, bestCase: 70_000, weighted: 52_500 });
    expect(row(res.body, '2027-04', repA.id)).toMatchObject({ committed: 40_000, bestCase: 40_000, weighted: 32_000 });
    expect(row(res.body, '2027-04', repB.id)).toMatchObject({ won: 10_000, wonCount: 1, bestCase: 0 });
    expect(res.body.data.totals).toEqual([
      { month: '2027-03', target: 290_000, won: 30_000, wonCount: 1, committed: 170_000, bestCase: 280_000, weighted: 158_500, openCount: 4 },
      { month: '2027-04', target: null, won: 10_000, wonCount: 1, committed: 40_000, bestCase: 40_000, weighted: 32_000, openCount: 1 },
    ]);
  });

  it('per team, with team targets', async () => {
    const res = await forecast(admin, 'team');
    expect(row(res.body, '2027-03', north)).toMatchObject({ name: '华北团队', target: 500_000, won: 30_000, committed: 100_000, bestCase: 210_000, weighted: 106_000, openCount: 3 });
    expect(row(res.body, '2027-03', south)).toMatchObject({ name: '华南团队', target: null, committed: 70_000, weighted: 52_500 });
    // A team with a target and no deals that month still gets its row.
    expect(row(res.body, '2027-04', south)).toMatchObject({ target: 80_000, won: 0, bestCase: 0 });
  });

  it('covers only the deals and targets the user may see', async () => {
    const own = await forecast(repA.client, 'user');
    expect(new Set(own.body.data.rows.map((r: Rec) => r.key))).toEqual(new Set([repA.id]));
    const team = await forecast(manager.client, 'user');
    expect(new Set(team.body.data.rows.map((r: Rec) => r.key))).toEqual(new Set([repA.id, repB.id]));
    expect(team.body.data.totals[0]).toMatchObject({ won: 30_000, bestCase: 210_000, weighted: 106_000 });
  });

  it('is callable from other modules with the same figures', async () => {
    const access = { userId: t.admin.id, permissions: { admin: true, objects: { '*': { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'all' } }, fields: {} }, teamUserIds: [], locale: 'zh-CN' } as const;
    const result = await getForecast(t.crm.modules, access as never, { from: '2027-03', to: '2027-03', by: 'team' });
    expect(result.totals[0]).toMatchObject({ won: 30_000, committed: 170_000, bestCase: 280_000, weighted: 158_500, target: 500_000 });
  });

  it('names bad parameters', async () => {
    const res = await admin.get('/api/v1/forecast?from=2027-3&to=2027-04');
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('from');
  });
});

describe('sales targets', () => {
  it('only administrators set and delete targets', async () => {
    const put = await repA.client.request('PUT', '/api/v1/sales-targets', { month: '2027-03', userId: repA.id, amount: 1 });
    expect(put.status).toBe(403);
    const mine = (await admin.get('/api/v1/sales-targets?from=2027-03&to=2027-03')).body.data.find((x: Rec) => x.userId === repA.id);
    expect(mine.amount).toBe(200_000);
    expect((await repA.client.delete(`/api/v1/sales-targets/${mine.id}`)).status).toBe(403);
  });

  it('one target per month and rep: saving again replaces it', async () => {
    const first = await admin.request('PUT', '/api/v1/sales-targets', { month: '2027-06', userId: repB.id, amount: 1000 });
    const second = await admin.request('PUT', '/api/v1/sales-targets', { month: '2027-06', userId: repB.id, amount: 2500.5 });
    expect(second.body.data).toMatchObject({ id: first.body.data.id, month: '2027-06', amount: 2500.5, currency: 'CNY' });
    const list = await admin.get('/api/v1/sales-targets?from=2027-06&to=2027-06');
    expect(list.body.data).toHaveLength(1);
    expect((await admin.delete(`/api/v1/sales-targets/${first.body.data.id}`)).status).toBe(204);
    expect((await admin.get('/api/v1/sales-targets?from=2027-06&to=2027-06')).body.data).toEqual([]);
  });

  it('refuses bad input naming the field', async () => {
    const bad = (body: Rec) => admin.request('PUT', '/api/v1/sales-targets', body);
    expect((await bad({ month: '2027-13', userId: repA.id, amount: 1 })).body.error.details[0].path).toBe('month');
    expect((await bad({ month: '2027-01', userId: repA.id, teamId: north, amount: 1 })).body.error.details[0].path).toBe('userId');
    expect((await bad({ month: '2027-01', userId: repA.id, amount: -5 })).body.error.details[0].path).toBe('amount');
    expect((await bad({ month: '2027-01', teamId: '00000000-0000-4000-8000-000000000000', amount: 5 })).body.error.details[0].path).toBe('teamId');
  });

  it('reps see their own and their team’s targets, not other teams’', async () => {
    const seen = (await repA.client.get('/api/v1/sales-targets?from=2027-03&to=2027-04')).body.data;
    expect(seen.map((x: Rec) => x.userId ?? x.teamId).sort()).toEqual([repA.id, north].sort());
  });
});
