import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type Client, type TestCrm, type TestUser } from './helpers/crm.js';

type Rec = Record<string, any>;
let t: TestCrm;
let admin: Client;
let rep: TestUser;

const count = async (object: string, filter: Rec) => (await admin.get(`/api/v1/${object}/count?filter=${encodeURIComponent(JSON.stringify(filter))}`)).body.total as number;

beforeAll(async () => {
  t = await startTestCrm();
  admin = t.admin.client;
  rep = await t.createUser({ role: 'sales_rep', name: '销售小李' });
});
afterAll(async () => {
  await t?.close();
});

describe('lead conversion', () => {
  it('turns a lead into customer + contact + deal in one call, links them and moves its history along', async () => {
    const lead = await rep.client.create('leads', { name: '王芳', company: '杭州云帆科技有限公司', mobile: '13800138011', email: 'wangfang@yunfan.cn', title: '采购经理' });
    const call = await rep.client.create('activities', { type: 'call', subject: '首次电话', lead_id: lead.id });
    const task = await rep.client.create('tasks', { title: '发送资料', lead_id: lead.id });

    const preview = await rep.client.get(`/api/v1/leads/${lead.id}/conversion`);
    expect(preview.status).toBe(200);
    expect(preview.body.data.defaults.customer).toMatchObject({ name: '杭州云帆科技有限公司', phone: '13800138011', email: 'wangfang@yunfan.cn' });
    expect(preview.body.data.suggestions).toEqual([]);

    const res = await rep.client.post(`/api/v1/leads/${lead.id}/convert`, { deal: { values: { name: '云帆 CRM 项目', amount: { amount: 80000, currency: 'CNY' }, expected_close_date: '2026-12-20' } } });
    expect(res.status, res.text).toBe(200);
    const { customer, contact, deal, lead: converted, moved } = res.body.data;
    expect(customer.name).toBe('杭州云帆科技有限公司');
    expect(contact).toMatchObject({ name: '王芳', customer_id: customer.id, title: '采购经理', is_primary: true });
    expect(deal).toMatchObject({ name: '云帆 CRM 项目', customer_id: customer.id, contact_id: contact.id, stage: 'initial', probability: 10 });
    expect(converted).toMatchObject({ status: 'converted', converted_customer_id: customer.id, converted_contact_id: contact.id, converted_deal_id: deal.id });
    expect(converted.converted_at).toBeTruthy();
    expect(moved).toEqual({ activities: 1, tasks: 1 });

    // The follow-up and task now show on the customer's 360° view.
    const related = await rep.client.get(`/api/v1/customers/${customer.id}/related/activities`);
    expect(related.body.data.map((r: Rec) => r.id)).toEqual([call.id]);
    expect((await rep.client.get(`/api/v1/tasks/${task.id}`)).body.data).toMatchObject({ customer_id: customer.id, contact_id: contact.id, lead_id: lead.id });
    // Audited like any edit, in the rep's name.
    const audit = await admin.get(`/api/v1/audit-log?object=leads&recordId=${lead.id}&action=update`);
    expect(audit.body.data[0].actor_id ?? audit.body.data[0].actorId).toBe(rep.id);
    expect(JSON.stringify(audit.body.data[0])).toContain(customer.id);

    const again = await rep.client.post(`/api/v1/leads/${lead.id}/convert`, {});
    expect(again.status).toBe(409);
  });

  it('suggests a likely existing customer and attaches to it instead of creating one', async () => {
    const existing = await rep.client.create('customers', { name: '北京星辰信息技术有限公司', phone: '010-62345678' });
    const lead = await rep.client.create('leads', { name: '刘洋', company: '北京星辰信息技术股份有限公司' });
    const preview = await rep.client.get(`/api/v1/leads/${lead.id}/conversion`);
    expect(preview.body.data.suggestions.map((s: Rec) => s.id)).toEqual([existing.id]);
    const before = await count('customers', { field: 'name', op: 'contains', value: '星辰' });
    const res = await rep.client.post(`/api/v1/leads/${lead.id}/convert`, { customer: { existingId: existing.id } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data.customer.id).toBe(existing.id);
    expect(res.body.data.contact.customer_id).toBe(existing.id);
    expect(res.body.data.deal).toBeNull();
    expect(await count('customers', { field: 'name', op: 'contains', value: '星辰' })).toBe(before);
  });

  it('cannot attach to a customer the user may not read, and writes nothing', async () => {
    const foreign = await admin.create('customers', { name: '别人的客户有限公司' });
    const lead = await rep.client.create('leads', { name: '赵敏', company: '另一家公司' });
    const res = await rep.client.post(`/api/v1/leads/${lead.id}/convert`, { customer: { existingId: foreign.id } });
    expect(res.status).toBe(404);
    expect(await count('contacts', { field: 'name', op: 'eq', value: '赵敏' })).toBe(0);
    expect((await rep.client.get(`/api/v1/leads/${lead.id}`)).body.data.status).toBe('new');
  });

  it('rolls everything back when the contact misses a required custom field: no customer, lead unchanged', async () => {
    const field = await admin.post('/api/v1/meta/objects/contacts/fields', { name: 'department', label: { zh: '部门', en: 'Department' }, type: 'text', required: true });
    expect(field.status, field.text).toBe(201);
    try {
      const lead = await rep.client.create('leads', { name: '孙丽', company: '深圳回滚测试有限公司' });
      await rep.client.create('activities', { type: 'note', subject: '备注', lead_id: lead.id });
      const res = await rep.client.post(`/api/v1/leads/${lead.id}/convert`, { deal: { values: { name: '回滚商机' } } });
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: Rec) => d.path)).toContain('contact.cf_department');
      expect(await count('customers', { field: 'name', op: 'eq', value: '深圳回滚测试有限公司' })).toBe(0);
      expect(await count('deals', { field: 'name', op: 'eq', value: '回滚商机' })).toBe(0);
      const after = (await rep.client.get(`/api/v1/leads/${lead.id}`)).body.data;
      expect([after.status, after.converted_customer_id, after.version]).toEqual(['new', null, lead.version]);
      const notes = await rep.client.list('activities', { filter: { field: 'lead_id', op: 'eq', value: lead.id } });
      expect(notes.body.data[0].customer_id).toBeNull();

      // With the field filled in the dialog, the same lead converts.
      const ok = await rep.client.post(`/api/v1/leads/${lead.id}/convert`, { contact: { values: { cf_department: '采购部' } } });
      expect(ok.status, ok.text).toBe(200);
    } finally {
      await admin.delete('/api/v1/meta/objects/contacts/fields/cf_department');
    }
  });

  it('rolls back when a hook throws after the customer and contact were written', async () => {
    let armed = true;
    t.crm.engine.hooks.on('deals', 'beforeCreate', ({ values }) => {
      if (armed && values.name === '会失败的商机') throw new Error('simulated failure in a deal hook');
    });
    const lead = await rep.client.create('leads', { name: '周杰', company: '成都钩子失败有限公司' });
    const res = await rep.client.post(`/api/v1/leads/${lead.id}/convert`, { deal: { values: { name: '会失败的商机' } } });
    expect(res.status).toBe(500);
    armed = false;
    expect(await count('customers', { field: 'name', op: 'eq', value: '成都钩子失败有限公司' })).toBe(0);
    expect(await count('contacts', { field: 'name', op: 'eq', value: '周杰' })).toBe(0);
    expect((await rep.client.get(`/api/v1/leads/${lead.id}`)).body.data.status).toBe('new');
  });

  it('names bad deal input with its part of the dialog', async () => {
    const lead = await rep.client.create('leads', { name: '吴磊', company: '武汉校验有限公司' });
    const res = await rep.client.post(`/api/v1/leads/${lead.id}/convert`, { deal: { values: { name: '商机', stage: 'lost' } } });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].path).toBe('deal.lost_reason');
    expect(await count('customers', { field: 'name', op: 'eq', value: '武汉校验有限公司' })).toBe(0);
  });
  it("carries the lead's source, type, next step and the custom fields both objects share onto the deal", async () => {
    const addField = async (object: string, body: Rec) => expect((await admin.post(`/api/v1/meta/objects/${object}/fields`, body)).status).toBe(201);
    await addField('leads', { name: 'next_step', label: { zh: '下一步', en: 'Next step' }, type: 'text' });
    await addField('leads', {
      name: 'deal_type', label: { zh: '商机类型', en: 'Type' }, type: 'select',
      options: [{ value: 'renewal', label: { zh: '续约', en: 'Renewal' } }, { value: 'partner', label: { zh: '渠道', en: 'Partner' } }],
    });
    for (const object of ['leads', 'deals']) await addField(object, { name: 'budget', label: { zh: '预算', en: 'Budget' }, type: 'integer' });
    const lead = await rep.client.create('leads', { name: '陈静', company: '苏州来源科技有限公司', source: 'event', cf_next_step: '下周演示', cf_deal_type: 'renewal', cf_budget: 120000 });

    const preview = await rep.client.get(`/api/v1/leads/${lead.id}/conversion`);
    expect(preview.body.data.defaults.deal).toEqual({ name: '苏州来源科技有限公司 商机', lead_source: 'event', deal_type: 'renewal', next_step: '下周演示', cf_budget: 120000 });
    const res = await rep.client.post(`/api/v1/leads/${lead.id}/convert`, { deal: { values: { name: '来源商机' } } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data.deal).toMatchObject({ name: '来源商机', lead_source: 'event', deal_type: 'renewal', next_step: '下周演示', cf_budget: 120000 });
    expect(res.body.data.customer).toMatchObject({ source: 'event' });

    // A type the deal has no option for stays behind instead of failing the conversion.
    const other = await rep.client.create('leads', { name: '何平', company: '无锡渠道有限公司', source: 'referral', cf_deal_type: 'partner' });
    const converted = await rep.client.post(`/api/v1/leads/${other.id}/convert`, { deal: { values: { name: '渠道商机' } } });
    expect(converted.status, converted.text).toBe(200);
    expect(converted.body.data.deal).toMatchObject({ lead_source: 'referral', deal_type: null });
  });
});
