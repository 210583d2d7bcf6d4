import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qs, startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';

type Rec = Record<string, any>;
let t: TestCrm;
let admin: TestCrm['admin']['client'];
let rep: TestUser;
let zhangwei: Rec, keji: Rec, other: Rec, lead: Rec, hidden: Rec;

beforeAll(async () => {
  t = await startTestCrm();
  admin = t.admin.client;
  rep = await t.createUser({ role: 'sales_rep' });
  const customer = await admin.create('customers', { name: '杭州云帆网络', owner_id: rep.id });
  zhangwei = await rep.client.create('contacts', { name: '张伟', customer_id: customer.id, email: 'zhang.wei@yunfan.com', mobile: '+86 138-1234-5678', company: '杭州云帆网络' });
  keji = await rep.client.create('customers', { name: '深圳市腾飞科技股份有限公司', phone: '0755-8888 1234', email: 'sales@tengfei-tech.cn' });
  other = await rep.client.create('contacts', { name: '王张伟明', email: 'wzwm@example.com' });
  lead = await rep.client.create('leads', { name: '李小龙', company: '龙腾科技' });
  hidden = await admin.create('customers', { name: '北京张伟科技', phone: '13912345678' });
});
afterAll(async () => {
  await t?.close();
});

const search = async (client: TestUser['client'], q: string, objects?: string) => {
  const res = await client.get(`/api/v1/search?${qs({ q, objects })}`);
  expect(res.status, res.text).toBe(200);
  return res.body.data as Rec[];
};
const hitIds = (hits: Rec[]) => hits.map((h) => h.id);

describe('global search', () => {
  it('finds two-character Chinese words inside longer names', async () => {
    expect(hitIds(await search(rep.client, '张伟'))).toEqual(expect.arrayContaining([zhangwei.id, other.id]));
    const tech = hitIds(await search(rep.client, '科技'));
    expect(tech).toEqual(expect.arrayContaining([keji.id, lead.id]));
    expect(tech).not.toContain(zhangwei.id);
    expect(hitIds(await search(rep.client, '腾飞科技'))).toEqual([keji.id]);
    expect(hitIds(await search(rep.client, '云帆'))).toEqual(expect.arrayContaining([zhangwei.id]));
  });

  it('finds Chinese names by full pinyin and by initials', async () => {
    expect(hitIds(await search(rep.client, 'zhangwei'))).toEqual(expect.arrayContaining([zhangwei.id, other.id]));
    expect(hitIds(await search(rep.client, 'ZhangWei'))).toContain(zhangwei.id);
    expect(hitIds(await search(rep.client, 'zw'))).toContain(zhangwei.id);
    expect(hitIds(await search(rep.client, 'tengfei'))).toContain(keji.id);
    expect(hitIds(await search(rep.client, 'szs'))).toContain(keji.id);
    expect(hitIds(await search(rep.client, 'lixiaolong'))).toEqual([lead.id]);
  });

  it('finds by email prefix and whole email', async () => {
    expect(hitIds(await search(rep.client, 'zhang.wei@'))).toEqual([zhangwei.id]);
    expect(hitIds(await search(rep.client, 'zhang.wei@yunfan.com'))).toEqual([zhangwei.id]);
    expect(hitIds(await search(rep.client, 'sales@tengfei'))).toEqual([keji.id]);
  });

  it('finds by phone digits, whatever the formatting, and by suffix', async () => {
    expect(hitIds(await search(rep.client, '13812345678'))).toEqual([zhangwei.id]);
    expect(hitIds(await search(rep.client, '138 1234 5678'))).toEqual([zhangwei.id]);
    expect(hitIds(await search(rep.client, '5678'))).toEqual([zhangwei.id]);
    expect(hitIds(await search(rep.client, '88881234'))).toEqual([keji.id]);
    expect(hitIds(await search(rep.client, '1234'))).toEqual(expect.arrayContaining([zhangwei.id, keji.id]));
  });

  it('returns titles, subtitles and objects, and can be limited to objects', async () => {
    const hit = (await search(rep.client, '张伟')).find((h) => h.id === zhangwei.id)!;
    expect(hit).toMatchObject({ object: 'contacts', title: '张伟' });
    expect(hit.subtitle).toContain('杭州云帆网络');
    expect((await search(rep.client, '科技', 'leads')).map((h) => h.object)).toEqual(['leads']);
    expect(await search(rep.client, '')).toEqual([]);
    expect(await search(rep.client, '   ')).toEqual([]);
    expect(await search(rep.client, '%_\\\'"')).toEqual([]);
    expect(await search(rep.client, '不存在的名字')).toEqual([]);
  });

  it('shows only records the user may read', async () => {
    expect(hitIds(await search(rep.client, '张伟'))).not.toContain(hidden.id);
    expect(hitIds(await search(rep.client, '13912345678'))).toEqual([]);
    expect(hitIds(await search(admin, '张伟'))).toEqual(expect.arrayContaining([zhangwei.id, other.id, hidden.id]));
  });

  it('keeps the index current when a record changes', async () => {
    const c = await rep.client.create('customers', { name: '旧名公司' });
    await rep.client.patch(`/api/v1/customers/${c.id}`, { name: '新名字节跳' });
    expect(hitIds(await search(rep.client, '旧名'))).not.toContain(c.id);
    expect(hitIds(await search(rep.client, '字节'))).toContain(c.id);
    expect(hitIds(await search(rep.client, 'xmzj'))).toContain(c.id);
    await rep.client.delete(`/api/v1/customers/${c.id}`);
    expect(hitIds(await search(rep.client, '字节'))).not.toContain(c.id);
  });
});

describe('search and custom fields', () => {
  it('follows a searchable custom field through archive, restore, unsearchable and purge', async () => {
    const field = await admin.post('/api/v1/meta/objects/customers/fields', { name: 'tax_no', label: { zh: '税号', en: 'Tax number' }, type: 'text', searchable: true });
    expect(field.status).toBe(201);
    const c = await admin.create('customers', { name: '税号客户', cf_tax_no: 'QXALPHA9' });
    const found = async () => hitIds(await search(admin, 'qxalpha9')).includes(c.id);
    expect(await found()).toBe(true);
    await admin.delete('/api/v1/meta/objects/customers/fields/cf_tax_no');
    expect(await found()).toBe(false);
    await admin.patch('/api/v1/meta/objects/customers/fields/cf_tax_no', { archived: false });
    expect(await found()).toBe(true);
    await admin.patch('/api/v1/meta/objects/customers/fields/cf_tax_no', { searchable: false });
    expect(await found()).toBe(false);
    await admin.patch('/api/v1/meta/objects/customers/fields/cf_tax_no', { searchable: true });
    expect(await found()).toBe(true);
    await admin.delete('/api/v1/meta/objects/customers/fields/cf_tax_no?purge=true&confirm=cf_tax_no');
    expect(await found()).toBe(false);
    // Everything else is still indexed.
    expect(hitIds(await search(admin, '税号客户'))).toContain(c.id);
    expect(hitIds(await search(rep.client, '张伟'))).toContain(zhangwei.id);
  });
});

describe('search within an object list', () => {
  it('combines q with filters and counts', async () => {
    const res = await rep.client.list('contacts', { q: '张伟', count: true, filter: { field: 'email', op: 'contains', value: 'yunfan' } });
    expect(res.body.data.map((r: Rec) => r.id)).toEqual([zhangwei.id]);
    expect(res.body.total).toBe(1);
    const all = await rep.client.list('contacts', { q: 'zw', count: true });
    expect(all.body.total).toBe(2);
  });

  it('refuses q on an object that is not searchable', async () => {
    const res = await rep.client.list('tasks', { q: '张伟' });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('q');
  });
});
