import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';

/*
 * 撞单: a rep creating a customer another team already owns is warned company-wide (only that it
 * exists and who owns it), and administrators may make a rule block the save.
 */

type Rec = Record<string, any>;
let t: TestCrm;
let repA: TestUser, repB: TestUser;
let owned: Rec;

beforeAll(async () => {
  t = await startTestCrm({ jobs: true });
  repA = await t.createUser({ role: 'sales_rep', teamId: await t.createTeam('华北销售部'), name: '甲代表' });
  repB = await t.createUser({ role: 'sales_rep', teamId: await t.createTeam('华南销售部'), name: '乙代表' });
  owned = await repB.client.create('customers', { name: '深圳鹏程电子有限公司', phone: '0755-86001234', email: 'info@pengcheng.cn', website: 'https://pengcheng.cn', annual_revenue: { amount: 98765432 } });
});
afterAll(async () => {
  await t?.close();
});

const check = (user: TestUser, values: Rec) => user.client.post('/api/v1/customers/duplicates/check', values);
const setRule = (key: string, body: Rec) => t.admin.client.request('PUT', `/api/v1/duplicate-rules/customers/${key}`, body);
const countByName = async (name: string) => (await t.admin.client.list('customers', { filter: { field: 'name', op: 'eq', value: name }, count: true })).body.total;

describe('warning about a customer another team owns', () => {
  it('tells only that it exists, who owns it and which rule matched', async () => {
    const res = await check(repA, { name: '深圳鹏程电子有限公司' });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
    expect(res.body.elsewhere).toEqual([{ owner: '乙代表', matches: [{ rule: 'company_name', label: { zh: '公司名称（去除后缀）', en: 'Company name (without legal suffix)' } }], block: false }]);
    // No id, no other values of the record.
    for (const secret of [owned.id, '0755', 'pengcheng', '98765432']) expect(res.text).not.toContain(secret);
    const byPhone = await check(repA, { name: '别的名字', phone: '075586001234' });
    expect(byPhone.body.elsewhere.map((e: Rec) => [e.owner, e.matches.map((m: Rec) => m.rule)])).toEqual([['乙代表', ['phone']]]);
  });

  it('says nothing about unrelated names, nor to users who may read the record (it is in their list)', async () => {
    expect((await check(repA, { name: '杭州青禾智能制造有限公司' })).body.elsewhere).toEqual([]);
    const admin = await check(t.admin, { name: '深圳鹏程电子有限公司' });
    expect(admin.body.elsewhere).toEqual([]);
    expect(admin.body.data.map((d: Rec) => d.id)).toEqual([owned.id]);
    // Editing the record itself is not a collision with itself.
    expect((await check(repB, { id: owned.id, name: '深圳鹏程电子有限公司' })).body.elsewhere).toEqual([]);
  });

  it('names no owner for a customer in the public pool', async () => {
    await t.admin.client.create('customers', { name: '公海里的客户有限公司', owner_id: null });
    expect((await check(repA, { name: '公海里的客户有限公司' })).body.elsewhere).toMatchObject([{ owner: null, block: false }]);
  });

  it('does not evaluate rules over fields hidden from the user (no oracle)', async () => {
    const role = await t.createRole('rep_no_phone', {
      objects: { '*': { read: 'own', create: 'own', update: 'own', delete: 'own', export: 'none' } },
      fields: { customers: { phone: 'hidden' } },
    });
    const user = await t.createUser({ role, name: '无电话代表' });
    const right = await check(user, { name: '某某公司', phone: '075586001234' });
    const wrong = await check(user, { name: '某某公司', phone: '075586009999' });
    expect(right.body).toEqual(wrong.body);
    expect(right.body).toEqual({ data: [], elsewhere: [] });
  });
});

describe('blocking the save', () => {
  it('a rep may save a duplicate while the rule only warns', async () => {
    const created = await repA.client.post('/api/v1/customers', { name: '深圳鹏程电子有限公司' });
    expect(created.status).toBe(201);
    await t.admin.client.delete(`/api/v1/customers/${created.body.data.id}`);
  });

  it('when the administrator sets the rule to block, the save is refused with 409 naming the field and the owner, and nothing is written', async () => {
    const saved = await setRule('company_name', { enabled: true, fuzzy: true, threshold: 0.5, block: true });
    expect(saved.status).toBe(200);
    expect(saved.body.data.block).toBe(true);
    expect((await check(repA, { name: '深圳鹏程电子有限公司' })).body.elsewhere).toMatchObject([{ owner: '乙代表', block: true }]);
    const before = await countByName('深圳鹏程电子股份有限公司');
    const refused = await repA.client.post('/api/v1/customers', { name: '深圳鹏程电子股份有限公司' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('conflict');
    expect(refused.body.error.details).toEqual([{ path: 'name', message: 'already exists, owner: 乙代表' }]);
    expect(refused.text).not.toContain(owned.id);
    expect(await countByName('深圳鹏程电子股份有限公司')).toBe(before);
    // Another rule (phone) still only warns; a new name saves.
    expect((await repA.client.post('/api/v1/customers', { name: '全新客户有限公司', phone: '075586001234' })).status).toBe(201);
    // The owner's own team is blocked too: a rule that blocks allows no second record.
    expect((await repB.client.post('/api/v1/customers', { name: '深圳鹏程电子有限公司' })).status).toBe(409);
  });

  it('an import is not failed by a blocked row (imports match existing records themselves)', async () => {
    const csv = Buffer.from('客户名称\n深圳鹏程电子有限公司\n导入新客户有限公司\n');
    const up = await t.app.inject({ method: 'POST', url: '/api/v1/imports?object=customers&fileName=c.csv', headers: { cookie: (repA.client as any).headers.cookie, 'content-type': 'application/octet-stream' }, payload: csv });
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json().data.id;
    expect((await repA.client.patch(`/api/v1/imports/${id}`, { mapping: { name: 0 }, options: { dedupe: { policy: 'create', keys: [] } } })).status).toBe(200);
    expect((await repA.client.post(`/api/v1/imports/${id}/run`)).status).toBe(202);
    let status = '';
    for (let i = 0; i < 600 && !['done', 'failed'].includes(status); i++) {
      if (i) await new Promise((r) => setTimeout(r, 100)); // poll the import's progress
      status = (await repA.client.get(`/api/v1/imports/${id}`)).body.data.status;
    }
    expect(status).toBe('done');
    expect(await countByName('导入新客户有限公司')).toBe(1);
  });

  it('a settings call without block keeps it, and the audit log shows the change', async () => {
    await setRule('company_name', { enabled: true, fuzzy: true, threshold: 0.6 });
    expect((await t.admin.client.get('/api/v1/duplicate-rules')).body.data.find((o: Rec) => o.object === 'customers').rules.find((r: Rec) => r.key === 'company_name').block).toBe(true);
    await setRule('company_name', { enabled: true, fuzzy: true, threshold: 0.5, block: false });
    expect((await repA.client.post('/api/v1/customers', { name: '深圳鹏程电子股份有限公司' })).status).toBe(201);
    const audit = await t.admin.client.get('/api/v1/audit-log?action=settings');
    expect(JSON.stringify(audit.body)).toContain('block');
  });
});
