import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type Client, type TestCrm } from './helpers/crm.js';

/** Customer value sums orders and payments in the company currency, each converted at its rate. */
process.env.AUTOMATION_SCAN_MS = '3600000';

let t: TestCrm;
let admin: Client;
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);

async function buyer(name: string, currency: string, amounts: number[]) {
  const customer = await admin.create('customers', { name });
  for (const [i, amount] of amounts.entries()) {
    const order = await admin.create('orders', { name: `${name}订单${i + 1}`, customer_id: customer.id, total_amount: { amount, currency }, signed_on: daysAgo(30 + i * 30) });
    await admin.create('payments', { order_id: order.id, amount: { amount, currency }, received_on: daysAgo(25 + i * 30) });
  }
  return customer.id as string;
}

beforeAll(async () => {
  t = await startTestCrm();
  admin = t.admin.client;
  const rates = await admin.request('PUT', '/api/v1/currency-settings', { currency: 'CNY', rates: [{ currency: 'USD', rate: 7.2 }] });
  expect(rates.status, rates.text).toBe(200);
});
afterAll(() => t?.close());

describe('customer value in the company currency', () => {
  it('converts USD orders and payments at the rate before ranking and valuing', async () => {
    const usd = await buyer('Acme Corp.', 'USD', [2000, 2000]);
    const cny = await buyer('本地客户', 'CNY', [10000, 10000]);
    const res = await admin.post('/api/v1/customer-value/recompute');
    expect(res.status, res.text).toBe(200);
    const [a, b] = await Promise.all([usd, cny].map(async (id) => (await admin.get(`/api/v1/customers/${id}`)).body.data));
    // 2 × 2,000 USD × 7.2 = 28,800 CNY: more than the 20,000 CNY customer, not 4,000.
    expect(a.lifetime_value).toEqual({ amount: 28800, currency: 'CNY' });
    expect(b.lifetime_value).toEqual({ amount: 20000, currency: 'CNY' });
    expect(a.rfm_monetary).toBeGreaterThan(b.rfm_monetary);
  });
});
