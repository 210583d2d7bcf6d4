import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qs, startTestCrm, type TestCrm } from './helpers/crm.js';

let t: TestCrm;
let admin: TestCrm['admin']['client'];

/** Custom fields for the types no standard customer field has. */
const CUSTOM = [
  { name: 'score', label: { zh: '评分', en: 'Score' }, type: 'decimal', min: 0, max: 10 },
  { name: 'big', label: { zh: '大数', en: 'Big' }, type: 'integer' },
  { name: 'ratio', label: { zh: '比例', en: 'Ratio' }, type: 'percent' },
  { name: 'channels', label: { zh: '渠道', en: 'Channels' }, type: 'multi_select', options: [{ value: 'web', label: { zh: '网', en: 'Web' } }, { value: 'phone', label: { zh: '电', en: 'Phone' } }] },
  { name: 'code', label: { zh: '编号', en: 'Code' }, type: 'text', unique: true, maxLength: 20 },
  { name: 'signed_on', label: { zh: '签约日', en: 'Signed on' }, type: 'date' },
  { name: 'verified', label: { zh: '已核实', en: 'Verified' }, type: 'boolean', defaultValue: true },
  { name: 'account_manager', label: { zh: '客户经理', en: 'Account manager' }, type: 'user' },
];

beforeAll(async () => {
  t = await startTestCrm();
  admin = t.admin.client;
  for (const field of CUSTOM) {
    const res = await admin.post('/api/v1/meta/objects/customers/fields', field);
    if (res.status !== 201) throw new Error(res.text);
  }
});
afterAll(async () => {
  await t?.close();
});

function deepFilter(depth: number) {
  let filter: unknown = { field: 'name', op: 'eq', value: 'x' };
  for (let i = 1; i < depth; i++) filter = { and: [filter] };
  return filter;
}

/** Expects a 400 whose details name the given path. */
async function expectInvalid(promise: Promise<{ status: number; body: any }>, path: string) {
  const res = await promise;
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error.code).toBe('bad_request');
  expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
}

describe('CRUD through /api/v1/{object}', () => {
  it('creates, reads, updates and deletes a customer', async () => {
    const created = await admin.post('/api/v1/customers', {
      name: '  北京星河科技有限公司 ',
      phone: '010-62345678',
      email: 'Info@XingHe.cn',
      website: 'https://xinghe.cn',
      region: { province: '北京市', city: '北京市', district: '海淀区' },
      employees: 120,
      annual_revenue: { amount: 1234567.89 },
      tags: ['重点', '重点', '科技'],
      cf_score: 7.5,
      cf_channels: ['web'],
      cf_signed_on: '2024-02-29',
    });
    expect(created.status).toBe(201);
    const c = created.body.data;
    expect(c).toMatchObject({
      name: '北京星河科技有限公司',
      status: 'prospect',
      email: 'info@xinghe.cn',
      region: { province: '北京市', city: '北京市', district: '海淀区' },
      employees: 120,
      annual_revenue: { amount: 1234567.89, currency: 'CNY' },
      tags: ['重点', '科技'],
      cf_score: 7.5,
      cf_channels: ['web'],
      cf_signed_on: '2024-02-29',
      cf_verified: true,
      owner_id: t.admin.id,
      created_by: t.admin.id,
      version: 1,
      deleted_at: null,
    });

    const got = await admin.get(`/api/v1/customers/${c.id}`);
    expect(got.status).toBe(200);
    expect(got.body.data).toEqual(c);

    const patched = await admin.patch(`/api/v1/customers/${c.id}`, { status: 'active', annual_revenue: { amount: 10, currency: 'USD' }, phone: null });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ status: 'active', annual_revenue: { amount: 10, currency: 'USD' }, phone: null, version: 2, updated_by: t.admin.id });

    expect((await admin.delete(`/api/v1/customers/${c.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/customers/${c.id}`)).status).toBe(404);
    expect((await admin.delete(`/api/v1/customers/${c.id}`)).status).toBe(404);
  });

  it('creates contacts, deals, activities and tasks linked to a customer', async () => {
    const customer = await admin.create('customers', { name: '上海明珠贸易' });
    const contact = await admin.create('contacts', { name: '李娜', customer_id: customer.id, birthday: '1990-05-04', mobile: '+86 138 0013 8000' });
    expect(contact).toMatchObject({ customer_id: customer.id, is_primary: false, birthday: '1990-05-04' });
    const deal = await admin.create('deals', { name: '年度采购', customer_id: customer.id, contact_id: contact.id, amount: { amount: 50000 }, expected_close_date: '2025-01-31' });
    expect(deal).toMatchObject({ stage: 'initial', probability: 10, pipeline: 'standard', amount: { amount: 50000, currency: 'CNY' } });
    const activity = await admin.create('activities', { subject: '电话沟通需求', customer_id: customer.id, deal_id: deal.id });
    expect(activity.type).toBe('call');
    expect(typeof activity.occurred_at).toBe('string');
    const task = await admin.create('tasks', { title: '发送报价', customer_id: customer.id, due_at: '2025-01-10T09:00:00+08:00' });
    expect(task).toMatchObject({ status: 'open', priority: 'normal', due_at: '2025-01-10T01:00:00.000Z' });

    const won = await admin.patch(`/api/v1/deals/${deal.id}`, { stage: 'won' });
    expect(won.body.data.probability).toBe(100);
    expect(won.body.data.closed_at).not.toBeNull();
    const after = await admin.get(`/api/v1/customers/${customer.id}`);
    expect(after.body.data.last_activity_at).toBe(activity.occurred_at);
    // The deal it was about is followed up too (stale-deal rules read this); the contact was not named.
    expect((await admin.get(`/api/v1/deals/${deal.id}`)).body.data.last_activity_at).toBe(activity.occurred_at);
    expect((await admin.get(`/api/v1/contacts/${contact.id}`)).body.data.last_activity_at).toBeNull();
  });

  it('404s on unknown objects, malformed and missing ids', async () => {
    expect((await admin.get('/api/v1/nothing')).status).toBe(404);
    expect((await admin.post('/api/v1/nothing', { name: 'x' })).status).toBe(404);
    expect((await admin.get('/api/v1/customers/not-an-id')).status).toBe(404);
    expect((await admin.get('/api/v1/customers/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await admin.patch('/api/v1/customers/12', { name: 'x' })).status).toBe(404);
    expect((await admin.delete('/api/v1/customers/%27%3B--')).status).toBe(404);
    expect((await admin.post('/api/v1/customers/00000000-0000-0000-0000-000000000000/restore')).status).toBe(404);
  });
});

describe('field validation', () => {
  const create = (values: Record<string, unknown>) => admin.post('/api/v1/customers', { name: '校验客户', ...values });

  it('requires required fields on create and refuses blanking them', async () => {
    await expectInvalid(admin.post('/api/v1/customers', {}), 'name');
    await expectInvalid(admin.post('/api/v1/customers', { name: '   ' }), 'name');
    await expectInvalid(admin.post('/api/v1/activities', { type: 'call' }), 'subject');
    const c = await admin.create('customers', { name: '必填' });
    await expectInvalid(admin.patch(`/api/v1/customers/${c.id}`, { name: null }), 'name');
    await expectInvalid(admin.patch(`/api/v1/customers/${c.id}`, { name: '' }), 'name');
    // A required field with a default may be omitted.
    expect((await admin.post('/api/v1/deals', { name: '默认阶段' })).body.data.stage).toBe('initial');
  });

  it('rejects unknown and system fields', async () => {
    await expectInvalid(create({ nickname: 'x' }), 'nickname');
    await expectInvalid(create({ created_at: '2024-01-01T00:00:00Z' }), 'created_at');
    await expectInvalid(create({ id: '00000000-0000-0000-0000-000000000000' }), 'id');
    await expectInvalid(create({ last_activity_at: '2024-01-01T00:00:00Z' }), 'last_activity_at');
  });

  it.each([
    ['text maxLength', { name: 'x'.repeat(201) }, 'name'],
    ['text type', { address: 12 }, 'address'],
    ['integer fraction', { employees: 1.5 }, 'employees'],
    ['integer string', { employees: '12' }, 'employees'],
    ['integer min', { employees: -1 }, 'employees'],
    ['integer range', { cf_big: 1e12 }, 'cf_big'],
    ['decimal type', { cf_score: 'high' }, 'cf_score'],
    ['decimal max', { cf_score: 11 }, 'cf_score'],
    ['percent type', { cf_ratio: '50%' }, 'cf_ratio'],
    ['percent too big for its column', { cf_ratio: 1e9 }, 'cf_ratio'],
    ['currency shape', { annual_revenue: 100 }, 'annual_revenue'],
    ['currency amount', { annual_revenue: { amount: 'lots' } }, 'annual_revenue.amount'],
    ['currency code', { annual_revenue: { amount: 1, currency: 'yuan' } }, 'annual_revenue.currency'],
    ['currency min', { annual_revenue: { amount: -5 } }, 'annual_revenue.amount'],
    ['currency too big for its column', { annual_revenue: { amount: 1e20 } }, 'annual_revenue'],
    ['date format', { cf_signed_on: '2024/01/01' }, 'cf_signed_on'],
    ['date reality', { cf_signed_on: '2023-02-29' }, 'cf_signed_on'],
    ['boolean', { cf_verified: 'yes' }, 'cf_verified'],
    ['select', { status: 'sleeping' }, 'status'],
    ['multi_select', { cf_channels: ['web', 'fax'] }, 'cf_channels.1'],
    ['multi_select type', { cf_channels: 'web' }, 'cf_channels'],
    ['email', { email: 'not-an-email' }, 'email'],
    ['phone', { phone: 'call me' }, 'phone'],
    ['url', { website: 'javascript:alert(1)' }, 'website'],
    ['user id', { cf_account_manager: 'bob' }, 'cf_account_manager'],
    ['user exists', { cf_account_manager: '00000000-0000-0000-0000-000000000000' }, 'cf_account_manager'],
    ['owner exists', { owner_id: '00000000-0000-0000-0000-000000000000' }, 'owner_id'],
    ['tags type', { tags: 'a,b' }, 'tags'],
    ['tags blank', { tags: [''] }, 'tags.0'],
    ['region shape', { region: '北京' }, 'region'],
    ['region province', { region: { city: '北京' } }, 'region.province'],
    ['text with a NUL byte', { address: 'a\u0000b' }, 'address'],
  ])('rejects a bad %s with 400 naming the field', async (_label, values, path) => {
    await expectInvalid(create(values), path);
  });

  it('rejects bad datetimes', async () => {
    await expectInvalid(admin.post('/api/v1/tasks', { title: 't', due_at: 'tomorrow' }), 'due_at');
    await expectInvalid(admin.post('/api/v1/tasks', { title: 't', due_at: '2024-01-01' }), 'due_at');
    await expectInvalid(admin.post('/api/v1/deals', { name: 'd', probability: 101 }), 'probability');
  });

  it('requires relations to point at an existing, live record', async () => {
    await expectInvalid(admin.post('/api/v1/contacts', { name: '王芳', customer_id: '00000000-0000-0000-0000-000000000000' }), 'customer_id');
    await expectInvalid(admin.post('/api/v1/contacts', { name: '王芳', customer_id: 'abc' }), 'customer_id');
    const gone = await admin.create('customers', { name: '已删除客户' });
    await admin.delete(`/api/v1/customers/${gone.id}`);
    await expectInvalid(admin.post('/api/v1/contacts', { name: '王芳', customer_id: gone.id }), 'customer_id');
    const contact = await admin.create('contacts', { name: '王芳' });
    await expectInvalid(admin.patch(`/api/v1/contacts/${contact.id}`, { customer_id: gone.id }), 'customer_id');
  });

  it('filters by id and by booleans', async () => {
    const c = await admin.create('customers', { name: '按编号找' });
    const byPrefix = await admin.list('customers', { filter: { field: 'id', op: 'starts_with', value: c.id.slice(0, 13) } });
    expect(byPrefix.status).toBe(200);
    expect(byPrefix.body.data.map((r: Record<string, unknown>) => r.id)).toContain(c.id);
    const contact = await admin.create('contacts', { name: '主要联系人', is_primary: true });
    const primary = await admin.list('contacts', { filter: { field: 'is_primary', op: 'in', value: [true] } });
    expect(primary.status).toBe(200);
    expect(primary.body.data.map((r: Record<string, unknown>) => r.id)).toEqual([contact.id]);
  });

  it('keeps records of a deactivated owner editable, but assigns no new ones to them', async () => {
    const leaver = await t.createUser({ role: 'sales_rep' });
    const c = await admin.create('customers', { name: '离职员工的客户', owner_id: leaver.id });
    expect((await admin.patch(`/api/v1/users/${leaver.id}`, { active: false })).status).toBe(200);
    const saved = await admin.patch(`/api/v1/customers/${c.id}`, { name: '离职员工的客户（改）', owner_id: leaver.id });
    expect(saved.status, saved.text).toBe(200);
    await expectInvalid(admin.post('/api/v1/customers', { name: '新客户', owner_id: leaver.id }), 'owner_id');
  });

  it('answers a duplicate unique value with 409 naming the field', async () => {
    await admin.create('customers', { name: '唯一甲', cf_code: 'A-001' });
    const dup = await create({ cf_code: 'A-001' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('conflict');
    expect(dup.body.error.details[0].path).toBe('cf_code');
    const other = await admin.create('customers', { name: '唯一乙', cf_code: 'B-001' });
    const patched = await admin.patch(`/api/v1/customers/${other.id}`, { cf_code: 'A-001' });
    expect(patched.status).toBe(409);
    expect(patched.body.error.details[0].path).toBe('cf_code');
  });

  it('never answers bad input with a 500', async () => {
    const c = await admin.create('customers', { name: '坏输入' });
    const bad: [string, string, unknown?][] = [
      ['POST', '/api/v1/customers', '{"name": '],
      ['POST', '/api/v1/customers', 'null'],
      ['POST', '/api/v1/customers', '[1,2]'],
      ['POST', '/api/v1/customers', '"text"'],
      ['PATCH', `/api/v1/customers/${c.id}`, '{"name":'],
      ['PATCH', `/api/v1/customers/${c.id}`, '[{"name":"x"}]'],
      ['PATCH', `/api/v1/customers/${c.id}`, '{"version":"x"}'],
      ['POST', '/api/v1/customers/bulk', '{"action":"create","rows":[null]}'],
      ['POST', '/api/v1/customers/bulk', '{"action":"update","rows":[{"id":5}]}'],
      ['POST', '/api/v1/customers/bulk', '{"action":"delete","ids":["x", 3]}'],
      ['POST', '/api/v1/customers/bulk', '{"action":"explode"}'],
      ['POST', '/api/v1/customers/query', '{"limit":"lots"}'],
      ['POST', '/api/v1/customers/query', '{"filter":{"field":"employees","op":"gt","value":{"a":1}}}'],
      ['GET', '/api/v1/customers?filter=%7Bnope'],
      ['GET', '/api/v1/customers?filter=%5B%5D'],
      ['GET', '/api/v1/customers?filter=%7B%22field%22%3A%22nope%22%2C%22op%22%3A%22eq%22%2C%22value%22%3A1%7D'],
      ['GET', '/api/v1/customers?sort=-'],
      ['GET', '/api/v1/customers?sort=password_hash'],
      ['GET', '/api/v1/customers?sort=tags'],
      ['GET', '/api/v1/customers?cursor=garbage'],
      ['GET', `/api/v1/customers?cursor=${Buffer.from('["x","y"]').toString('base64url')}`],
      ['GET', `/api/v1/customers?cursor=${Buffer.from('[{"a":1},[1]]').toString('base64url')}`],
      ['GET', `/api/v1/customers?sort=employees&cursor=${Buffer.from('["many","00000000-0000-0000-0000-000000000000"]').toString('base64url')}`],
      ['GET', '/api/v1/customers?limit=0'],
      ['GET', '/api/v1/customers?limit=100000'],
      ['GET', '/api/v1/customers?fields=nope'],
      ['GET', `/api/v1/customers/${c.id}?include=everything`],
      ['GET', `/api/v1/customers/${c.id}/related/nope`],
      ['GET', '/api/v1/customers/count?filter=%7B%22field%22%3A%22cf_signed_on%22%2C%22op%22%3A%22eq%22%2C%22value%22%3A%222024-02-31%22%7D'],
      ['GET', '/api/v1/customers?filter=%7B%22field%22%3A%22employees%22%2C%22op%22%3A%22gt%22%2C%22value%22%3A1e20%7D'],
      ['GET', `/api/v1/search?q=${'x'.repeat(300)}`],
      ['GET', `/api/v1/customers?${qs({ filter: { field: 'id', op: 'eq', value: 'abc' } })}`],
      ['GET', `/api/v1/customers?${qs({ sort: '-created_at', cursor: Buffer.from('["x","y"]').toString('base64url') })}`],
      ['POST', '/api/v1/customers/query', JSON.stringify({ filter: deepFilter(1000) })],
      ['POST', '/api/v1/customers', JSON.stringify({ name: 'x', region: { province: 'a\u0000' } })],
      ['POST', '/api/v1/tasks', JSON.stringify({ title: 'x', due_at: '0000-01-01T00:00:00Z' })],
      ['POST', '/api/v1/views', JSON.stringify({ object: 'customers', name: 'a\u0000', config: {} })],
    ];
    expect((await admin.post('/api/v1/customers/query', { filter: deepFilter(10) })).status).toBe(200);
    for (const [method, url, body] of bad) {
      const res = await admin.request(method, url, body);
      expect(res.status, `${method} ${url} ${String(body)} → ${res.text}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${method} ${url} ${String(body)} → ${res.text}`).toBeLessThan(500);
      expect(res.body.error.code).toBeTypeOf('string');
    }
  });
});
