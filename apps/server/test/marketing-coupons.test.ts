import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireCoupons } from '../src/modules/marketing-value/coupons/expire.js';
import { disableShippedRules, waitForJobs } from './helpers/automation.js';
import { startTestCrm, type Client, type TestCrm } from './helpers/crm.js';

/** Coupons (优惠券): unguessable unique codes, redemption on an order (once), expiry, and the automation action. */
process.env.AUTOMATION_SCAN_MS = '3600000';

let t: TestCrm;
let admin: Client;
const db = () => t.crm.handle.db;
const DAY = 86_400_000;
const dayOffset = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const cny = (amount: number) => ({ amount, currency: 'CNY' });
const CODE = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

beforeAll(async () => {
  t = await startTestCrm({ jobs: true });
  admin = t.admin.client;
  await disableShippedRules(db());
});
afterAll(() => t?.close());

describe('coupons', () => {
  it('gets a readable, unique code and the status issued; a client cannot set either', async () => {
    const customer = await admin.create('customers', { name: '优惠客户' });
    const rows = Array.from({ length: 200 }, () => ({ kind: 'amount', amount: cny(50), valid_until: dayOffset(30), customer_id: customer.id }));
    const res = await admin.post('/api/v1/coupons/bulk', { action: 'create', rows });
    expect(res.status, res.text).toBe(200);
    const codes = res.body.data.map((c: any) => c.code);
    expect(codes.every((code: string) => CODE.test(code))).toBe(true);
    expect(new Set(codes).size).toBe(200);
    expect(res.body.data.every((c: any) => c.status === 'issued')).toBe(true);
    const chosen = await admin.post('/api/v1/coupons', { code: 'AAAA-AAAA-AAAA', status: 'redeemed', kind: 'percent', percent: 10, valid_until: dayOffset(5) });
    expect(chosen.status).toBe(400);
    expect(chosen.body.error.details[0].path).toMatch(/code/);
  });

  it('refuses a coupon without its value or with validity ending before it starts, naming the field', async () => {
    const noAmount = await admin.post('/api/v1/coupons', { kind: 'amount', valid_until: dayOffset(5) });
    expect(noAmount.status).toBe(400);
    expect(noAmount.body.error.details[0].path).toBe('amount');
    const noPercent = await admin.post('/api/v1/coupons', { kind: 'percent', valid_until: dayOffset(5) });
    expect(noPercent.body.error.details[0].path).toBe('percent');
    const backwards = await admin.post('/api/v1/coupons', { kind: 'percent', percent: 5, valid_from: dayOffset(5), valid_until: dayOffset(1) });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details[0].path).toBe('valid_until');
  });

  it('is redeemed once on an order: again → 409; expired → 422; another customer → 422', async () => {
    const customer = await admin.create('customers', { name: '核销客户' });
    const other = await admin.create('customers', { name: '别的客户' });
    const order = await admin.create('orders', { name: '核销订单', customer_id: customer.id, total_amount: cny(1000) });
    const otherOrder = await admin.create('orders', { name: '别的订单', customer_id: other.id, total_amount: cny(1000) });
    const coupon = await admin.create('coupons', { kind: 'amount', amount: cny(100), valid_until: dayOffset(10), customer_id: customer.id });

    const wrong = await admin.post('/api/v1/coupons/redeem', { code: coupon.code, orderId: otherOrder.id });
    expect(wrong.status, wrong.text).toBe(422);
    const first = await admin.post('/api/v1/coupons/redeem', { code: coupon.code.toLowerCase(), orderId: order.id });
    expect(first.status, first.text).toBe(200);
    expect(first.body.data).toMatchObject({ status: 'redeemed', order_id: order.id });
    const again = await admin.post('/api/v1/coupons/redeem', { code: coupon.code, orderId: order.id });
    expect(again.status).toBe(409);
    const related = await admin.get(`/api/v1/orders/${order.id}/related/coupons`);
    if (related.status === 200) expect(related.body.data.map((c: any) => c.id)).toEqual([coupon.id]);
    // A redeemed coupon's value stays as it was.
    const edit = await admin.patch(`/api/v1/coupons/${coupon.id}`, { amount: cny(999) });
    expect(edit.status).toBe(400);

    const old = await admin.create('coupons', { kind: 'percent', percent: 20, valid_until: dayOffset(-1), customer_id: customer.id });
    const expired = await admin.post('/api/v1/coupons/redeem', { code: old.code, orderId: order.id });
    expect(expired.status, expired.text).toBe(422);
    expect(expired.body.error.details[0].path).toBe('code');
    const unknown = await admin.post('/api/v1/coupons/redeem', { code: 'ZZZZ-ZZZZ-ZZZZ', orderId: order.id });
    expect(unknown.status).toBe(400);
  });

  it('lets only those who may change the order redeem on it', async () => {
    const rep = await t.createUser({ role: 'sales_rep' });
    const customer = await admin.create('customers', { name: '别人的客户' });
    const order = await admin.create('orders', { name: '别人的订单', customer_id: customer.id, total_amount: cny(500) });
    const coupon = await admin.create('coupons', { kind: 'amount', amount: cny(10), valid_until: dayOffset(3) });
    const res = await rep.client.post('/api/v1/coupons/redeem', { code: coupon.code, orderId: order.id });
    expect([403, 404]).toContain(res.status);
    expect((await admin.get(`/api/v1/coupons/${coupon.id}`)).body.data.status).toBe('issued');
  });

  it('expires issued coupons past their validity (the scheduled job), audited as the system', async () => {
    const past = await admin.create('coupons', { kind: 'amount', amount: cny(30), valid_until: dayOffset(-2) });
    const current = await admin.create('coupons', { kind: 'amount', amount: cny(30), valid_until: dayOffset(2) });
    expect(await expireCoupons(db(), t.crm.engine)).toBeGreaterThanOrEqual(1);
    expect((await admin.get(`/api/v1/coupons/${past.id}`)).body.data.status).toBe('expired');
    expect((await admin.get(`/api/v1/coupons/${current.id}`)).body.data.status).toBe('issued');
    const audit = await db().selectFrom('audit_log').select(['actor_id', 'changes']).where('record_id', '=', past.id).where('action', '=', 'update').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBeNull();
    expect(audit[0].changes).toMatchObject({ status: { from: 'issued', to: 'expired' } });
  });

  it('is issued by the automation action for the triggering customer, a new code each time', async () => {
    const campaign = await admin.create('campaigns', { name: '老客回馈' });
    const rule = await admin.post('/api/v1/automation/rules', {
      name: '高价值客户专属优惠券', object: 'customers', enabled: true, trigger: { kind: 'record_updated' },
      conditions: { field: 'industry', op: 'eq', value: 'retail' },
      actions: [{ type: 'issue_coupon', kind: 'percent', percent: 15, validDays: 14, campaignId: campaign.id }],
    });
    expect(rule.status, rule.text).toBe(201);
    const bad = await admin.post('/api/v1/automation/rules', { name: 'x', object: 'deals', trigger: { kind: 'record_updated' }, actions: [{ type: 'issue_coupon', kind: 'amount' }] });
    expect(bad.status).toBe(400);

    const customer = await admin.create('customers', { name: '零售大客户' });
    await admin.patch(`/api/v1/customers/${customer.id}`, { industry: 'retail' });
    await admin.patch(`/api/v1/customers/${customer.id}`, { phone: '13800138000' });
    const issued = await waitForJobs(t.crm, async () => {
      const list = await admin.list('coupons', { filter: { field: 'customer_id', op: 'eq', value: customer.id } });
      return list.body.data.length === 2 ? list.body.data : null;
    }, 'two coupons for the customer');
    expect(issued.every((c: any) => c.kind === 'percent' && c.percent === 15 && c.campaign_id === campaign.id && c.valid_until === dayOffset(14))).toBe(true);
    expect(issued[0].code).not.toBe(issued[1].code);
    const latest = (await admin.get(`/api/v1/customers/${customer.id}`)).body.data.latest_coupon_code;
    expect(issued.map((c: any) => c.code)).toContain(latest);
  });

  it('gives the marketer coupons to read and issue, not to delete', async () => {
    const marketer = await t.createUser({ role: 'marketer' });
    const mine = await marketer.client.create('coupons', { kind: 'amount', amount: cny(20), valid_until: dayOffset(7) });
    expect(mine.status).toBe('issued');
    expect((await marketer.client.list('coupons')).body.data.length).toBeGreaterThan(1);
    expect((await marketer.client.delete(`/api/v1/coupons/${mine.id}`)).status).toBe(403);
  });
});
