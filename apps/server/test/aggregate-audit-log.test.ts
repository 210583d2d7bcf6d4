import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qs, startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';

let t: TestCrm;
let repA: TestUser;
let repB: TestUser;

beforeAll(async () => {
  t = await startTestCrm();
  const teamA = await t.createTeam('华东销售部');
  const teamB = await t.createTeam('华南销售部');
  repA = await t.createUser({ role: 'sales_rep', teamId: teamA, name: '甲代表' });
  repB = await t.createUser({ role: 'sales_rep', teamId: teamB, name: '乙代表' });
  for (const [stage, amount, close] of [['proposal', 1000, '2026-01-10'], ['proposal', 2500.5, '2026-01-20'], ['won', 4000, '2026-02-03']] as const) {
    await repA.client.create('deals', { name: `甲-${stage}-${amount}`, stage, amount: { amount }, expected_close_date: close });
  }
  await repB.client.create('deals', { name: '乙-won', stage: 'won', amount: { amount: 99999 } });
});
afterAll(async () => {
  await t?.close();
});

const aggregate = (user: TestUser, params: Record<string, unknown>) => user.client.get(`/api/v1/deals/aggregate?${qs(params)}`);

describe('aggregates (stage totals, dashboard charts)', () => {
  it('counts and sums per stage over the records the user may read only', async () => {
    const res = await aggregate(repA, { groupBy: 'stage', metrics: 'count,sum:amount' });
    expect(res.status).toBe(200);
    const byStage = Object.fromEntries(res.body.data.map((r: { key: string }) => [r.key, r]));
    expect(byStage.proposal).toEqual({ key: 'proposal', count: 2, sum_amount: 3500.5 });
    expect(byStage.won).toEqual({ key: 'won', count: 1, sum_amount: 4000 });
  });

  it('applies filters and buckets dates by month', async () => {
    const res = await aggregate(repA, {
      groupBy: 'expected_close_date:month',
      metrics: 'count',
      filter: { field: 'stage', op: 'ne', value: 'won' },
    });
    expect(res.body.data).toEqual([{ key: '2026-01-01', count: 2 }]);
  });

  it('rejects unknown fields and non-numeric sums with a 400 naming the parameter', async () => {
    const bad = await aggregate(repA, { groupBy: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('groupBy');
    const sumText = await aggregate(repA, { groupBy: 'stage', metrics: 'sum:name' });
    expect(sumText.status).toBe(400);
    expect(sumText.body.error.details[0].path).toBe('metrics');
  });
});

describe('install-wide audit log (操作日志)', () => {
  it('lists changes newest first with field-level before/after, filterable, for admins only', async () => {
    const created = await repA.client.create('customers', { name: '审计测试公司', status: 'prospect' });
    await repA.client.patch(`/api/v1/customers/${created.id}`, { status: 'active', version: created.version });
    const res = await t.admin.client.get(`/api/v1/audit-log?${qs({ recordId: created.id })}`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    expect(res.body.data[0]).toMatchObject({ object: 'customers', actorId: repA.id, changes: { status: { from: 'prospect', to: 'active' } } });
    const page = await t.admin.client.get(`/api/v1/audit-log?${qs({ object: 'customers', limit: 1 })}`);
    expect(page.body.data).toHaveLength(1);
    const next = await t.admin.client.get(`/api/v1/audit-log?${qs({ object: 'customers', limit: 1, cursor: page.body.nextCursor })}`);
    expect(next.body.data[0].id).toBeLessThan(page.body.data[0].id);
    expect((await repA.client.get('/api/v1/audit-log')).status).toBe(403);
  });

  it('filters by a time range and names a bad date', async () => {
    const created = await repA.client.create('customers', { name: '审计时间范围' });
    const at = new Date((await t.admin.client.get(`/api/v1/audit-log?${qs({ recordId: created.id })}`)).body.data[0].at);
    const around = (from: number, to: number) =>
      t.admin.client.get(`/api/v1/audit-log?${qs({ recordId: created.id, from: new Date(at.getTime() + from).toISOString(), to: new Date(at.getTime() + to).toISOString() })}`);
    expect((await around(-60_000, 60_000)).body.data).toHaveLength(1);
    expect((await around(1_000, 60_000)).body.data).toHaveLength(0);
    expect((await around(-60_000, -1_000)).body.data).toHaveLength(0);
    const bad = await t.admin.client.get(`/api/v1/audit-log?${qs({ from: 'yesterday-ish' })}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('from');
  });
});
