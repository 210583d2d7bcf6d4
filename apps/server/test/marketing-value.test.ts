import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT } from '../src/engine/index.js';
import { statusForTier } from '../src/modules/marketing-value/value/tier-status.js';
import { disableShippedRules, waitForJobs } from './helpers/automation.js';
import { startTestCrm, type Client, type TestCrm } from './helpers/crm.js';

/**
 * Customer value and churn risk on a generated history whose answer is worked out by hand, the
 * status move on a tier change, and the churn model's held-out comparison with the rules.
 */
process.env.AUTOMATION_SCAN_MS = '3600000';
process.env.CRM_CHURN_MODEL_MIN = '80';

let t: TestCrm;
let admin: Client;
const db = () => t.crm.handle.db;
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);
const cny = (amount: number) => ({ amount, currency: 'CNY' });

/** Orders every `gap` days, the last `lastAgo` days ago (amounts oldest first). */
async function history(name: string, lastAgo: number, gap: number, amounts: number[]) {
  const customer = await admin.create('customers', { name });
  const orders = [];
  for (const [i, amount] of amounts.entries()) {
    const ago = lastAgo + (amounts.length - 1 - i) * gap;
    orders.push(await admin.create('orders', { name: `${name}订单${i + 1}`, customer_id: customer.id, total_amount: cny(amount), signed_on: daysAgo(ago) }));
  }
  return { id: customer.id as string, orders };
}

const card = async (id: string) => (await admin.get(`/api/v1/customer-value/customers/${id}`)).body.data;
const recompute = async () => {
  const res = await admin.post('/api/v1/customer-value/recompute');
  expect(res.status, res.text).toBe(200);
  return res.body.data;
};

let c: Record<'key' | 'overdue' | 'newcomer' | 'falling' | 'steady' | 'none', { id: string; orders: Record<string, any>[] }>;

beforeAll(async () => {
  t = await startTestCrm({ jobs: true });
  admin = t.admin.client;
  await disableShippedRules(db());
  c = {
    key: await history('甲·长期大客户', 10, 30, [10000, 10000, 10000, 10000, 10000, 10000]),
    overdue: await history('乙·久未下单', 150, 30, [8000, 8000, 8000, 8000]),
    newcomer: await history('丙·新客户', 20, 0, [2000]),
    falling: await history('丁·金额下滑', 40, 60, [5000, 1000]),
    steady: await history('戊·季度客户', 100, 90, [3000, 3000, 3000]),
    none: { id: (await admin.create('customers', { name: '己·未成交' })).id, orders: [] },
  };
  for (const order of c.key.orders.slice(0, 2)) await admin.create('payments', { order_id: order.id, amount: cny(10000), received_on: daysAgo(120) });
  // Follow-ups with 甲: four in the 90 days before last quarter, one since.
  for (const ago of [100, 120, 140, 160, 30]) await admin.create('activities', { type: 'call', subject: '回访', customer_id: c.key.id, occurred_at: new Date(Date.now() - ago * DAY).toISOString() });
  await admin.create('tickets', { subject: '到货破损投诉', customer_id: c.overdue.id, category: 'complaint' });
});
afterAll(() => t?.close());

describe('RFM, tier, value and churn risk', () => {
  it('scores a known history: quintiles, tiers, lifetime and predicted value, risk with reasons', async () => {
    await recompute();
    const expected = {
      key: { value_tier: 'A', rfm_recency: 5, rfm_frequency: 5, rfm_monetary: 5, churn_risk: 11, churn_level: 'low', churn_reasons: ['fewer_followups'] },
      overdue: { value_tier: 'B', rfm_recency: 1, rfm_frequency: 4, rfm_monetary: 4, churn_risk: 65, churn_level: 'high', churn_reasons: ['overdue', 'open_tickets'] },
      newcomer: { value_tier: 'C', rfm_recency: 4, rfm_frequency: 1, rfm_monetary: 1, churn_risk: 0, churn_level: 'low', churn_reasons: [] },
      falling: { value_tier: 'C', rfm_recency: 3, rfm_frequency: 2, rfm_monetary: 2, churn_risk: 20, churn_level: 'low', churn_reasons: ['falling_value'] },
      steady: { value_tier: 'B', rfm_recency: 2, rfm_frequency: 3, rfm_monetary: 3, churn_risk: 3, churn_level: 'low', churn_reasons: ['overdue'] },
      none: { value_tier: null, rfm_recency: null, churn_risk: null, churn_level: null, churn_reasons: [] },
    };
    for (const [key, values] of Object.entries(expected)) {
      expect(await card(c[key as keyof typeof c].id), key).toMatchObject(values);
    }
    const key = await card(c.key.id);
    expect(key.lifetime_value).toEqual(cny(20000));
    // 10,000 a time, every 30 days: 365 / 30 orders a year.
    expect(key.predicted_value.amount).toBeCloseTo((10000 * 365) / 30, 1);
    expect(key.last_order_on).toBe(daysAgo(10));
    expect(key.details).toMatchObject({ orders: 6, medianGapDays: 30, followupsRecent: 1, followupsPrior: 4, points: { fewer_followups: 11 }, method: 'rules' });
    const overdue = await card(c.overdue.id);
    expect(overdue.details).toMatchObject({ daysSinceLastOrder: 150, medianGapDays: 30, openTickets: 1, complaints: 1, points: { overdue: 50, open_tickets: 15 } });
    // One order: the install's median gap (30 days) stands in for the customer's rhythm.
    expect((await card(c.newcomer.id)).details).toMatchObject({ gapFromInstall: true, medianGapDays: 30 });
  });

  it('makes a tier-A customer 重要客户 and takes it back when the tier drops, audited as the system', async () => {
    const statusOf = async (id: string) => (await admin.get(`/api/v1/customers/${id}`)).body.data.status;
    expect(await statusOf(c.key.id)).toBe('vip');
    expect(await statusOf(c.overdue.id)).toBe('active');
    const audit = await db().selectFrom('audit_log').select(['actor_id', 'changes']).where('record_id', '=', c.key.id).where('action', '=', 'update').orderBy('at').execute();
    const toVip = audit.find((a) => (a.changes as any).status?.to === 'vip')!;
    expect(toVip.actor_id).toBeNull();
    expect(toVip.changes).toMatchObject({ status: { from: 'active', to: 'vip' }, value_tier: { from: null, to: 'A' } });

    for (const order of c.key.orders.slice(2)) expect((await admin.delete(`/api/v1/orders/${order.id}`)).status).toBeLessThan(300);
    await recompute();
    const after = await card(c.key.id);
    expect(after.value_tier).not.toBe('A');
    expect(await statusOf(c.key.id)).toBe('active');
  });

  it('moves the status only on a change of tier, never over a status it does not own', () => {
    expect(statusForTier('B', 'A', 'active')).toBe('vip');
    expect(statusForTier('A', 'A', 'active')).toBeNull();
    expect(statusForTier('B', 'C', 'vip')).toBeNull();
    expect(statusForTier('A', 'B', 'vip')).toBe('active');
    expect(statusForTier('A', 'B', 'lost')).toBeNull();
  });

  it('recomputes a customer after an order change through the job runner', async () => {
    const fresh = await admin.create('customers', { name: '庚·刚下单' });
    await admin.create('orders', { name: '庚的首单', customer_id: fresh.id, total_amount: cny(900), signed_on: daysAgo(3) });
    const scored = await waitForJobs(t.crm, async () => {
      const v = await card(fresh.id);
      return v.value_tier ? v : null;
    }, 'the new buyer to be scored');
    expect(scored.last_order_on).toBe(daysAgo(3));
    expect(scored.churn_level).toBe('low');
  });

  it('shows the summary by tier and risk, the at-risk list first', async () => {
    const res = await admin.get('/api/v1/customer-value/summary?limit=5');
    expect(res.status, res.text).toBe(200);
    expect(res.body.data.atRisk[0].id).toBe(c.overdue.id);
    const tiers = Object.fromEntries(res.body.data.byTier.map((g: any) => [g.key ?? g.value_tier ?? 'null', g.count]));
    expect(Object.values(tiers).reduce((a: number, b) => a + Number(b), 0)).toBeGreaterThanOrEqual(6);
    expect((await admin.get('/api/v1/customer-value/summary?limit=0')).status).toBe(400);
  });

  it('lets segments and list filters use tier and risk like any field', async () => {
    const res = await admin.list('customers', { filter: { and: [{ field: 'churn_level', op: 'eq', value: 'high' }, { field: 'value_tier', op: 'in', value: ['A', 'B'] }] } });
    expect(res.status, res.text).toBe(200);
    // 乙 from the start; 甲 too since most of its orders were deleted (130 days against a 30-day rhythm).
    expect(res.body.data.map((r: any) => r.id).sort()).toEqual([c.overdue.id, c.key.id].sort());
    const filter = { and: [{ field: 'churn_level', op: 'eq', value: 'high' }, { field: 'value_tier', op: 'eq', value: 'B' }] };
    const segment = await admin.create('segments', { name: '高风险 B 类客户', kind: 'dynamic', object: 'customers', filter: JSON.stringify(filter) });
    const inTierB = (await admin.list('customers', { filter, count: true })).body;
    expect((await admin.get(`/api/v1/segments/${segment.id}/count`)).body.data.total).toBe(inTierB.data.length);
    expect(inTierB.data.map((r: any) => r.id)).toContain(c.overdue.id);
  });

  it('refuses a sales rep the admin routes', async () => {
    const rep = await t.createUser({ role: 'sales_rep' });
    expect((await rep.client.post('/api/v1/customer-value/recompute')).status).toBe(403);
    expect((await rep.client.post('/api/v1/customer-value/model/train')).status).toBe(403);
    expect((await rep.client.get(`/api/v1/customer-value/customers/${c.key.id}`)).status).toBe(404);
  });
});

describe('churn model', () => {
  it('says there is not enough history, then trains on a generated one and reports both AUCs', async () => {
    const first = await admin.post('/api/v1/customer-value/model/train');
    expect(first.status, first.text).toBe(200);
    expect(first.body.data).toMatchObject({ used: false, modelAuc: null });
    expect(first.body.data.note).toMatch(/not enough history/);

    // 60 lost customers far past their rhythm, 60 retained ones within it, with noise on both sides.
    const engine = t.crm.engine;
    const rows = Array.from({ length: 120 }, (_, i) => ({ name: `模型客户${i}`, status: i % 2 ? 'lost' : 'active' }));
    const created = await engine.records.bulkCreate('customers', rows, SYSTEM_CONTEXT);
    const orders = created.flatMap((customer, i) => {
      const lost = i % 2 === 1;
      const gap = 20 + (i % 7) * 10;
      const last = lost ? gap * (1 + (i % 5)) + (i % 3) * 15 : (i % 4) * gap * 0.6 + 1;
      return [0, 1, 2].map((k) => ({ name: `模型订单${i}-${k}`, customer_id: customer.id, total_amount: cny(1000 + (i % 9) * 100), signed_on: daysAgo(Math.round(last + (2 - k) * gap)) }));
    });
    for (let i = 0; i < orders.length; i += 360) await engine.records.bulkCreate('orders', orders.slice(i, i + 360), SYSTEM_CONTEXT);
    await sql`UPDATE customers SET status = CASE WHEN name LIKE '模型客户%' AND (substring(name from 5)::int % 2) = 1 THEN 'lost' ELSE status END`.execute(db());

    const trained = await admin.post('/api/v1/customer-value/model/train');
    expect(trained.status, trained.text).toBe(200);
    const result = trained.body.data;
    expect(result.samples).toBeGreaterThanOrEqual(120);
    expect(result.testSamples).toBeGreaterThan(20);
    expect(result.modelAuc).toBeGreaterThan(0.5);
    expect(result.rulesAuc).toBeGreaterThan(0.5);
    expect(result.used).toBe(result.modelAuc > result.rulesAuc);
    const shown = (await admin.get('/api/v1/customer-value/model')).body.data;
    expect(shown).toMatchObject({ samples: result.samples, used: result.used });
    expect(result.recompute.method).toBe(result.used ? 'model' : 'rules');
  });
});
