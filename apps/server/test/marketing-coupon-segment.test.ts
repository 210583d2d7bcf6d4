import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { automationOf } from '../src/modules/automation/index.js';
import { startTestCrm, type Client, type TestCrm } from './helpers/crm.js';

/** "Issue a coupon" for a whole segment (unique codes, one per member, once per run) and {{coupon_code}} in marketing e-mail. */
process.env.AUTOMATION_SCAN_MS = '3600000';

let t: TestCrm;
let admin: Client;
let vip: Record<string, any>;
let rule: Record<string, any>;
const coupons = async () => (await admin.list('coupons', { limit: 200 })).body.data as any[];

/** Runs the rule's action as the run executor does: in one transaction, with the run's idempotency key. */
async function runAction(key: string) {
  const service = automationOf(t.crm.modules);
  const type = service.registry.actions.get('issue_coupon')!;
  const { type: _type, ...config } = rule.actions[0];
  return t.crm.handle.db.transaction().execute((trx) =>
    type.run({ config, rule: rule as never, event: { topic: 'schedule', object: null, depth: 0, key: 'k', recordId: null } as never, object: null, record: null, reader: null, trx, engine: t.crm.engine, cause: { rule: rule.id }, idempotencyKey: key, timeZone: 'Asia/Shanghai', now: new Date(), dryRun: false }),
  );
}

beforeAll(async () => {
  t = await startTestCrm();
  admin = t.admin.client;
  vip = await admin.create('segments', { name: '高价值流失预警', kind: 'dynamic', object: 'customers', filter: JSON.stringify({ field: 'name', op: 'starts_with', value: '重点' }) });
  for (const name of ['重点客户甲', '重点客户乙', '普通客户丙']) await admin.create('customers', { name });
});
afterAll(() => t?.close());

describe('issue_coupon for a segment', () => {
  it('is a rule an admin saves without an object; a segment of another object or an unknown one is refused by path', async () => {
    const res = await admin.post('/api/v1/automation/rules', {
      name: '高价值风险客户专属券', enabled: false, trigger: { kind: 'schedule', cron: '0 9 * * 1' },
      actions: [{ type: 'issue_coupon', kind: 'amount', amount: 500, validDays: 30, segmentId: vip.id }],
    });
    expect(res.status, res.text).toBe(201);
    rule = res.body.data;
    const leadsSegment = await admin.create('segments', { name: '线索分群', kind: 'dynamic', object: 'leads' });
    for (const [segmentId, message] of [[leadsSegment.id, 'customers or contacts'], ['00000000-0000-4000-8000-000000000000', 'no such segment']]) {
      const bad = await admin.post('/api/v1/automation/rules', { name: 'x', trigger: { kind: 'schedule', cron: '0 9 * * 1' }, actions: [{ type: 'issue_coupon', kind: 'amount', amount: 5, segmentId }] });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0]).toMatchObject({ path: 'actions.0.segmentId' });
      expect(bad.body.error.details[0].message).toContain(message);
    }
    const neither = await admin.post('/api/v1/automation/rules', { name: 'x', trigger: { kind: 'schedule', cron: '0 9 * * 1' }, actions: [{ type: 'issue_coupon', kind: 'amount', amount: 5 }] });
    expect(neither.status).toBe(400);
  });

  it('issues one coupon with its own code to each member, writes it on the member, and a repeated run issues none', async () => {
    const first = await runAction('rule-run-1');
    expect(first).toMatchObject({ issued: 2, skipped: 0 });
    let list = await coupons();
    expect(list).toHaveLength(2);
    expect(new Set(list.map((c) => c.code)).size).toBe(2);
    const members = (await admin.list('customers', { filter: { field: 'name', op: 'starts_with', value: '重点' } })).body.data;
    expect(new Set(list.map((c) => c.customer_id))).toEqual(new Set(members.map((m: any) => m.id)));
    for (const m of members) expect(list.find((c) => c.customer_id === m.id).code).toBe(m.latest_coupon_code);
    // The same run again (a retry): nobody gets a second coupon.
    expect(await runAction('rule-run-1')).toMatchObject({ issued: 0, skipped: 2 });
    expect(await coupons()).toHaveLength(2);
    // The next scheduled run is a new run: everyone gets a fresh coupon.
    expect(await runAction('rule-run-2')).toMatchObject({ issued: 2 });
    list = await coupons();
    expect(list).toHaveLength(4);
    expect(new Set(list.map((c) => c.code)).size).toBe(4);
  });

  it('carries the code into a marketing e-mail as {{coupon_code}} for the customer’s contact', async () => {
    const customer = (await admin.list('customers', { filter: { field: 'name', op: 'eq', value: '重点客户甲' } })).body.data[0];
    const contact = await admin.create('contacts', { name: '王经理', customer_id: customer.id, email: 'wang@example.com' });
    const res = await admin.post('/api/v1/marketing/email/preview', { contactId: contact.id, template: { subject_zh: '{{contact.name}}，您的专属券', body_zh: '<p>券码：{{coupon_code | 暂无}}</p>' } });
    expect(res.status).toBe(200);
    expect(res.body.data.html).toContain(`券码：${customer.latest_coupon_code}`);
    const other = await admin.create('contacts', { name: '无券联系人', email: 'none@example.com' });
    const fallback = await admin.post('/api/v1/marketing/email/preview', { contactId: other.id, template: { subject_zh: 's', body_zh: '<p>券码：{{coupon_code | 暂无}}</p>' } });
    expect(fallback.body.data.html).toContain('券码：暂无');
  });
});
