import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { automationOf } from '../src/modules/automation/index.js';
import type { AutomationService } from '../src/modules/automation/service.js';
import { disableShippedRules } from './helpers/automation.js';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';
import { waitFor } from './helpers/local-servers.js';

process.env.AUTOMATION_SCAN_MS = '3600000'; // scans run on the test's own clock

type Rec = Record<string, any>;
let t: TestCrm;
let automation: AutomationService;
let rep: TestUser, otherRep: TestUser, manager: TestUser;
let customer: Rec, deal: Rec;

beforeAll(async () => {
  t = await startTestCrm({ jobs: true });
  automation = automationOf(t.crm.modules);
  const east = await t.createTeam('华东销售部');
  const south = await t.createTeam('华南销售部');
  rep = await t.createUser({ role: 'sales_rep', teamId: east, name: '东区代表' });
  manager = await t.createUser({ role: 'sales_manager', teamId: east, name: '东区经理' });
  otherRep = await t.createUser({ role: 'sales_rep', teamId: south, name: '南区代表' });
  customer = await rep.client.create('customers', { name: '杭州青禾智能制造有限公司' });
  deal = await rep.client.create('deals', { name: '青禾产线升级', customer_id: customer.id, amount: { amount: 90000, currency: 'CNY' }, stage: 'negotiation' });
  await rep.client.create('deals', { name: '青禾二期', customer_id: customer.id, amount: { amount: 50000, currency: 'CNY' }, stage: 'proposal' });
});
afterAll(async () => {
  await t?.close();
});

/** An accepted quote of 2 lines: 2 × 10,000 + 1 × 3,000, 10% off the first, 13% tax on all → 23,730. */
async function acceptedQuote() {
  const quote = await rep.client.create('quotes', { name: '产线升级报价', customer_id: customer.id, deal_id: deal.id, terms: '预付 30%，验收后付清' });
  await rep.client.post('/api/v1/quote_line_items', { quote_id: quote.id, description: '工业网关', quantity: 2, unit_price: 10000, discount_percent: 10, tax_rate: 13 });
  await rep.client.post('/api/v1/quote_line_items', { quote_id: quote.id, description: '部署服务', quantity: 1, unit_price: 3000, tax_rate: 13 });
  await rep.client.patch(`/api/v1/quotes/${quote.id}`, { status: 'sent' });
  await rep.client.patch(`/api/v1/quotes/${quote.id}`, { status: 'accepted' });
  return quote;
}
const getOrder = async (id: string) => (await rep.client.get(`/api/v1/orders/${id}`)).body.data;

describe('accepted quote → order', () => {
  it('copies customer, deal, lines and totals, adds terms and a 3-instalment plan; once per quote', async () => {
    const quote = await acceptedQuote();
    const res = await rep.client.post(`/api/v1/quotes/${quote.id}/order`, { delivery_terms: '签约后 30 天内交付', instalments: 3, first_due_on: '2030-01-31' });
    expect(res.status).toBe(201);
    const order = res.body.data;
    expect(order).toMatchObject({
      customer_id: customer.id, deal_id: deal.id, quote_id: quote.id, status: 'signed',
      total_amount: { amount: 23730, currency: 'CNY' }, received_amount: { amount: 0 }, outstanding_amount: { amount: 23730 },
      delivery_terms: '签约后 30 天内交付', payment_terms: '预付 30%，验收后付清',
    });
    const lines = (await rep.client.list('order_line_items', { filter: { field: 'order_id', op: 'eq', value: order.id }, sort: 'position' })).body.data;
    expect(lines.map((l: Rec) => [l.description, l.line_total]).sort()).toEqual([['工业网关', 20340], ['部署服务', 3390]]);
    const plans = (await rep.client.list('payment_plans', { filter: { field: 'order_id', op: 'eq', value: order.id }, sort: 'due_on' })).body.data;
    expect(plans.map((p: Rec) => [p.name, p.due_on, p.amount.amount, p.status])).toEqual([
      ['第 1 期', '2030-01-31', 7910, 'pending'],
      ['第 2 期', '2030-02-28', 7910, 'pending'],
      ['第 3 期', '2030-03-31', 7910, 'pending'],
    ]);
    const again = await rep.client.post(`/api/v1/quotes/${quote.id}/order`, {});
    expect(again.status).toBe(409);
    // A stable key and values, so the web app says it in the user's language (apiErrors.quote_has_order).
    expect(again.body.error).toMatchObject({ key: 'quote_has_order', params: { orderNo: expect.any(String) } });
  });

  it('refuses a quote that is not accepted, naming status', async () => {
    const draft = await rep.client.create('quotes', { name: '草稿', customer_id: customer.id });
    const res = await rep.client.post(`/api/v1/quotes/${draft.id}/order`, {});
    expect(res.status).toBe(409);
    expect(res.body.error.details[0].path).toBe('status');
    expect((await rep.client.list('orders', { filter: { field: 'quote_id', op: 'eq', value: draft.id } })).body.data).toEqual([]);
  });
});

describe('payments keep received and outstanding amounts', () => {
  it('updates the order and the instalments on create, edit and delete; refuses overpayment and a wrong currency', async () => {
    const quote = await acceptedQuote();
    const order = (await rep.client.post(`/api/v1/quotes/${quote.id}/order`, { instalments: 2, first_due_on: '2030-06-30' })).body.data;
    const pay = (amount: number, currency = 'CNY') => rep.client.post('/api/v1/payments', { order_id: order.id, amount: { amount, currency }, received_on: '2030-06-20', method: 'bank_transfer' });
    const first = await pay(10000.1);
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({ customer_id: customer.id, deal_id: deal.id, owner_id: rep.id });
    expect(await getOrder(order.id)).toMatchObject({ received_amount: { amount: 10000.1 }, outstanding_amount: { amount: 13729.9 } });
    const plans = async () => (await rep.client.list('payment_plans', { filter: { field: 'order_id', op: 'eq', value: order.id }, sort: 'due_on' })).body.data.map((p: Rec) => [p.paid_amount.amount, p.status]);
    expect(await plans()).toEqual([[10000.1, 'partial'], [0, 'pending']]);
    const second = (await pay(1865)).body.data;
    expect(await plans()).toEqual([[11865, 'paid'], [0.1, 'partial']]);
    const over = await pay(20000);
    expect(over.status).toBe(400);
    expect(over.body.error.details[0].path).toBe('amount');
    const usd = await pay(1, 'USD');
    expect(usd.status).toBe(400);
    expect(usd.body.error.details[0].path).toBe('amount.currency');
    await rep.client.patch(`/api/v1/payments/${second.id}`, { amount: { amount: 865, currency: 'CNY' } });
    expect((await getOrder(order.id)).received_amount.amount).toBe(10865.1);
    expect((await rep.client.delete(`/api/v1/payments/${first.body.data.id}`)).status).toBe(204);
    expect(await getOrder(order.id)).toMatchObject({ received_amount: { amount: 865 }, outstanding_amount: { amount: 22865 } });
    expect(await plans()).toEqual([[865, 'partial'], [0, 'pending']]);
    // A restored payment counts again.
    expect((await rep.client.post(`/api/v1/payments/${first.body.data.id}/restore`)).status).toBe(200);
    expect((await getOrder(order.id)).received_amount.amount).toBe(10865.1);
    const dealValue = (await rep.client.get(`/api/v1/deals/${deal.id}/value`)).body.data;
    expect(dealValue.received).toBeGreaterThanOrEqual(10865.1);
  });
});

describe('overdue instalments', () => {
  it('notify the order owner once per instalment, and not for a paid one', async () => {
    const quote = await acceptedQuote();
    const order = (await rep.client.post(`/api/v1/quotes/${quote.id}/order`, {})).body.data;
    // Years ahead, pool recycling would take this file's customers (idle since today): only the overdue rule runs.
    await disableShippedRules(t.crm.handle.db, ['payment_plan_overdue']);
    await automation.scanDue(new Date('2035-01-01T00:00:00Z'));
    const late = await rep.client.create('payment_plans', { name: '首付款', order_id: order.id, due_on: '2035-02-01', amount: { amount: 5000, currency: 'CNY' } });
    await rep.client.create('payment_plans', { name: '尾款', order_id: order.id, due_on: '2035-02-01', amount: { amount: 18730, currency: 'CNY' } });
    // 首付款 is paid in full by the allocation (oldest first; same date → created first).
    await rep.client.post('/api/v1/payments', { order_id: order.id, amount: { amount: 5000, currency: 'CNY' } });
    expect((await rep.client.get(`/api/v1/payment_plans/${late.id}`)).body.data.status).toBe('paid');
    await automation.scanDue(new Date('2035-02-01T12:00:00Z'));
    const notes = async () => ((await rep.client.get('/api/v1/notifications')).body.data as Rec[]).filter((n) => n.title.startsWith('回款逾期'));
    expect(await notes()).toEqual([]);
    await automation.scanDue(new Date('2035-02-03T00:00:00Z'));
    const [alert] = await waitFor(async () => ((await notes()).length ? notes() : undefined));
    expect(alert.title).toBe('回款逾期：产线升级报价 尾款');
    await automation.scanDue(new Date('2035-02-10T00:00:00Z'));
    await new Promise((r) => setTimeout(r, 1500));
    expect(await notes()).toHaveLength(1);
  });
});

describe('customer value on the 360° view', () => {
  it('sums payments received, latest order date, open deals and outstanding, within the user’s scope', async () => {
    const fresh = await rep.client.create('customers', { name: '宁波海曙贸易有限公司' });
    const empty = (await rep.client.get(`/api/v1/customers/${fresh.id}/value`)).body.data;
    expect(empty).toMatchObject({ lifetimeRevenue: 0, lastPurchaseOn: null, outstanding: 0, openDeals: { count: 0, amount: 0 } });
    await rep.client.create('deals', { name: '海曙一期', customer_id: fresh.id, amount: { amount: 12000, currency: 'CNY' }, stage: 'initial' });
    await rep.client.create('deals', { name: '海曙旧单', customer_id: fresh.id, amount: { amount: 7000, currency: 'CNY' }, stage: 'lost', lost_reason: 'price' });
    const o1 = await rep.client.create('orders', { name: '海曙合同 A', customer_id: fresh.id, total_amount: { amount: 10000, currency: 'CNY' }, signed_on: '2026-03-01' });
    const o2 = await rep.client.create('orders', { name: '海曙合同 B', customer_id: fresh.id, total_amount: { amount: 5000, currency: 'CNY' }, signed_on: '2026-05-20' });
    await rep.client.create('payments', { order_id: o1.id, amount: { amount: 6000, currency: 'CNY' }, received_on: '2026-03-10' });
    await rep.client.create('payments', { order_id: o2.id, amount: { amount: 1500.5, currency: 'CNY' }, received_on: '2026-06-01' });
    const value = (await rep.client.get(`/api/v1/customers/${fresh.id}/value`)).body.data;
    expect(value).toMatchObject({ lifetimeRevenue: 7500.5, payments: 2, orders: 2, outstanding: 7499.5, lastPurchaseOn: '2026-05-20', lastOrder: { id: o2.id }, openDeals: { count: 1, amount: 12000 } });
  });
});

describe('permissions', () => {
  it('a rep of another team cannot reach quotes, orders, payments, the PDF or the value figures through any route', async () => {
    const quote = await acceptedQuote();
    const order = (await rep.client.post(`/api/v1/quotes/${quote.id}/order`, { instalments: 1 })).body.data;
    const other = otherRep.client;
    for (const url of [`/api/v1/quotes/${quote.id}`, `/api/v1/quotes/${quote.id}/pdf`, `/api/v1/orders/${order.id}`, `/api/v1/customers/${customer.id}/value`, `/api/v1/deals/${deal.id}/value`]) {
      expect((await other.get(url)).status, url).toBe(404);
    }
    expect((await other.post(`/api/v1/quotes/${quote.id}/revise`)).status).toBe(404);
    expect((await other.post(`/api/v1/quotes/${quote.id}/order`, {})).status).toBe(404);
    expect((await other.post(`/api/v1/orders/${order.id}/instalments`, { count: 2, firstDueOn: '2030-01-01' })).status).toBe(404);
    expect((await other.list('quotes')).body.data).toEqual([]);
    expect((await other.list('orders')).body.data).toEqual([]);
    expect((await other.list('payment_plans')).body.data).toEqual([]);
    const payment = await other.post('/api/v1/payments', { order_id: order.id, amount: { amount: 1, currency: 'CNY' } });
    expect(payment.status).toBe(400);
    expect((await other.post('/api/v1/quote_line_items', { quote_id: quote.id, description: 'x', quantity: 1, unit_price: 1 })).status).toBe(400);
    // The manager of the rep's team sees them.
    expect((await manager.client.get(`/api/v1/quotes/${quote.id}/pdf`)).status).toBe(200);
    expect((await manager.client.get(`/api/v1/orders/${order.id}`)).status).toBe(200);
  });
});
