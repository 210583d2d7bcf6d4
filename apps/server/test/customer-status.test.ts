import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';

/** A customer's status moves by itself on a purchase: 潜在客户 → 成交客户, never over 重要客户. */
let t: TestCrm;
let rep: TestUser;
const db = () => t.crm.handle.db;

beforeAll(async () => {
  t = await startTestCrm();
  rep = await t.createUser({ role: 'sales_rep', name: '周销售' });
});
afterAll(() => t?.close());

const statusOf = async (id: string) => (await rep.client.get(`/api/v1/customers/${id}`)).body.data.status;

describe('customer status', () => {
  it('becomes 成交客户 when a deal is won, audited as the system’s change', async () => {
    const customer = await rep.client.create('customers', { name: '新客户甲' });
    expect(customer.status).toBe('prospect');
    const deal = await rep.client.create('deals', { name: '首单', customer_id: customer.id, stage: 'negotiation', amount: { amount: 5000, currency: 'CNY' } });
    expect(await statusOf(customer.id)).toBe('prospect');
    const won = await rep.client.patch(`/api/v1/deals/${deal.id}`, { stage: 'won', version: deal.version });
    expect(won.status, won.text).toBe(200);
    expect(await statusOf(customer.id)).toBe('active');
    const audit = await db().selectFrom('audit_log').select(['actor_id', 'changes']).where('record_id', '=', customer.id).where('action', '=', 'update').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBeNull();
    expect(audit[0].changes).toMatchObject({ status: { from: 'prospect', to: 'active' } });
  });

  it('becomes 成交客户 on a signed order, also from 沉睡客户; a cancelled order or a lost deal changes nothing', async () => {
    const dormant = await rep.client.create('customers', { name: '沉睡客户乙', status: 'dormant' });
    const other = await rep.client.create('customers', { name: '潜在客户丙' });
    await rep.client.create('orders', { name: '作废合同', customer_id: other.id, total_amount: { amount: 100, currency: 'CNY' }, status: 'cancelled' });
    await rep.client.create('deals', { name: '丢单', customer_id: other.id, stage: 'lost', lost_reason: 'price' });
    expect(await statusOf(other.id)).toBe('prospect');
    await rep.client.create('orders', { name: '续约合同', customer_id: dormant.id, total_amount: { amount: 8000, currency: 'CNY' }, signed_on: '2026-03-01' });
    expect(await statusOf(dormant.id)).toBe('active');
  });

  it('leaves 重要客户 alone: a purchase never undoes that choice', async () => {
    const vip = await rep.client.create('customers', { name: '重要客户丁', status: 'vip' });
    await rep.client.create('deals', { name: '大单', customer_id: vip.id, stage: 'won' });
    expect(await statusOf(vip.id)).toBe('vip');
    expect(await db().selectFrom('audit_log').select('id').where('record_id', '=', vip.id).where('action', '=', 'update').execute()).toHaveLength(0);
  });
});
