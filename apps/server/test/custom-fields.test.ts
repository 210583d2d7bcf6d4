import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qs, startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';

type Rec = Record<string, any>;
let t: TestCrm;
let admin: TestCrm['admin']['client'];
let rep: TestUser;
let contact: Rec;

const label = (zh: string, en: string) => ({ zh, en });
const opts = ['a', 'b', 'c'].map((v) => ({ value: v, label: label(v.toUpperCase(), v.toUpperCase()) }));

/** One custom field per type: [type, extra definition, a valid value, an invalid value]. */
const TYPES: () => [string, Rec, unknown, unknown][] = () => [
  ['text', { maxLength: 5 }, 'abc', 'abcdef'],
  ['long_text', {}, '很长的说明', 5],
  ['integer', { min: 0 }, 3, -1],
  ['decimal', {}, 1.25, 'x'],
  ['currency', {}, { amount: 5, currency: 'USD' }, { amount: 'x' }],
  ['percent', { max: 100 }, 12.5, 120],
  ['date', {}, '2024-05-06', '2024-13-01'],
  ['datetime', {}, '2024-05-06T07:08:09.000Z', 'yesterday'],
  ['boolean', {}, true, 'yes'],
  ['select', { options: opts }, 'a', 'z'],
  ['multi_select', { options: opts }, ['a', 'b'], ['z']],
  ['email', {}, 'a@b.cn', 'nope'],
  ['phone', {}, '13800138000', 'call'],
  ['url', {}, 'https://a.cn/x', 'ftp://a.cn'],
  ['user', {}, t.admin.id, '00000000-0000-0000-0000-000000000000'],
  ['relation', { relation: { object: 'contacts', reverseName: 'sponsored_customers', reverseLabel: label('赞助客户', 'Sponsored customers') } }, contact.id, '00000000-0000-0000-0000-000000000000'],
  ['tags', {}, ['x', 'y'], 'x'],
  ['region', {}, { province: '浙江省', city: '杭州市', code: '3301' }, { city: '杭州市' }],
];

beforeAll(async () => {
  t = await startTestCrm();
  admin = t.admin.client;
  rep = await t.createUser({ role: 'sales_rep' });
  contact = await admin.create('contacts', { name: '赞助人' });
});
afterAll(async () => {
  await t?.close();
});

const addField = (object: string, body: Rec) => admin.post(`/api/v1/meta/objects/${object}/fields`, body);
const fieldsOf = async (object: string) => (await admin.get(`/api/v1/meta/objects/${object}`)).body.data.fields as Rec[];

describe('custom fields of every type', () => {
  it('adds, validates, stores, filters, sorts and exports each type', async () => {
    for (const [type, extra, valid, invalid] of TYPES()) {
      const name = `cf_t_${type}`;
      const res = await addField('customers', { name: `t_${type}`, label: label(`类型${type}`, `Type ${type}`), type, ...extra });
      expect(res.status, `${type}: ${res.text}`).toBe(201);
      expect(res.body.data).toMatchObject({ name, type, custom: true, archived: false });
      expect((await fieldsOf('customers')).map((f) => f.name)).toContain(name);

      const bad = await admin.post('/api/v1/customers', { name: `坏${type}`, [name]: invalid });
      expect(bad.status, `${type} invalid: ${bad.text}`).toBe(400);
      expect(bad.body.error.details.map((d: Rec) => d.path).some((p: string) => p.startsWith(name))).toBe(true);

      const created = await admin.create('customers', { name: `好${type}`, [name]: valid });
      expect(created[name], type).toEqual(valid);
      expect((await admin.get(`/api/v1/customers/${created.id}`)).body.data[name]).toEqual(valid);
      const listed = await admin.list('customers', { fields: `name,${name}`, filter: { field: name, op: 'not_empty' } });
      expect(listed.status, `${type} filter: ${listed.text}`).toBe(200);
      expect(listed.body.data.map((r: Rec) => r.id)).toEqual([created.id]);
      expect(listed.body.data[0][name]).toEqual(valid);
    }
  });

  it('filters and sorts by custom fields', async () => {
    const byInt = await admin.list('customers', { filter: { field: 'cf_t_integer', op: 'gte', value: 3 } });
    expect(byInt.body.data.map((r: Rec) => r.name)).toEqual(['好integer']);
    const bySelect = await admin.list('customers', { filter: { field: 'cf_t_select', op: 'in', value: ['a', 'b'] } });
    expect(bySelect.body.data.map((r: Rec) => r.name)).toEqual(['好select']);
    const byRelation = await admin.list('customers', { filter: { field: 'cf_t_relation', op: 'eq', value: contact.id } });
    expect(byRelation.body.data.map((r: Rec) => r.name)).toEqual(['好relation']);
    await admin.create('customers', { name: '排序一', cf_t_decimal: 9.5 });
    await admin.create('customers', { name: '排序二', cf_t_decimal: -2 });
    const sorted = await admin.list('customers', { sort: '-cf_t_decimal', filter: { field: 'cf_t_decimal', op: 'not_empty' } });
    expect(sorted.body.data.map((r: Rec) => r.cf_t_decimal)).toEqual([9.5, 1.25, -2]);
  });

  it('gives a relation field a related list on its target', async () => {
    const meta = (await admin.get('/api/v1/meta/objects/contacts')).body.data;
    expect(meta.relatedLists.map((l: Rec) => l.name)).toContain('sponsored_customers');
    const view = await admin.get(`/api/v1/contacts/${contact.id}?include=related`);
    const list = view.body.related.find((l: Rec) => l.name === 'sponsored_customers');
    expect(list).toMatchObject({ total: 1, data: [{ name: '好relation' }] });
  });

  it('exports custom fields to CSV with their labels', async () => {
    const csv = await admin.get(`/api/v1/customers/export?${qs({ filter: { field: 'name', op: 'starts_with', value: '好' } })}`);
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    const [header, ...lines] = csv.text.replace(/^\uFEFF/, '').trim().split('\n');
    expect(header).toContain('类型integer');
    expect(header).toContain('类型region');
    expect(lines).toHaveLength(TYPES().length);
    expect(csv.text).toContain('浙江省/杭州市');
    // Select options export as their labels in the user's language, relations as titles.
    expect(csv.text).toContain('A; B');
    expect(csv.text).toContain('赞助人');
  });

  it('defuses spreadsheet formulas in exported text, leaving phone numbers alone', async () => {
    await admin.create('customers', { name: '=HYPERLINK("http://evil.example","点我")', phone: '+86 138-0013-8000', cf_t_text: '@SUM' });
    const csv = await admin.get(`/api/v1/customers/export?${qs({ filter: { field: 'phone', op: 'eq', value: '+86 138-0013-8000' } })}`);
    const line = csv.text.trim().split('\n')[1];
    expect(line).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(line).toContain(',+86 138-0013-8000,');
    expect(line).toContain("'@SUM");
  });

  it('names a field from a Chinese label and refuses duplicates and bad definitions', async () => {
    const res = await addField('deals', { label: label('行业细分', 'Segment'), type: 'text' });
    expect(res.status).toBe(201);
    expect(res.body.data.name).toBe('cf_segment');
    const zh = await addField('deals', { label: label('合同编号', '合同编号'), type: 'text' });
    expect(zh.body.data.name).toBe('cf_he_tong_bian_hao');
    expect((await addField('deals', { name: 'segment', label: label('x', 'x'), type: 'text' })).status).toBe(409);
    const noOptions = await addField('deals', { label: label('x', 'x'), type: 'select' });
    expect(noOptions.status).toBe(400);
    expect(noOptions.body.error.details[0].path).toBe('options');
    expect((await addField('deals', { label: label('x', 'x'), type: 'relation', relation: { object: 'nothing', reverseName: 'x', reverseLabel: label('x', 'x') } })).status).toBe(400);
    expect((await addField('deals', { label: label('x', 'x'), type: 'blob' })).status).toBe(400);
    expect((await addField('deals', { name: 'Bad Name', label: label('x', 'x'), type: 'text' })).status).toBe(400);
    expect((await addField('deals', { label: label('x', 'x'), type: 'integer', defaultValue: 'ten' })).status).toBe(400);
    expect((await addField('nothing', { label: label('x', 'x'), type: 'text' })).status).toBe(404);
    const minMax = await addField('deals', { label: label('x', 'x'), type: 'integer', min: 10, max: 1 });
    expect(minMax.status).toBe(400);
    expect(minMax.body.error.details[0].path).toBe('min');
    const clash = await addField('deals', { label: label('x', 'x'), type: 'relation', relation: { object: 'customers', reverseName: 'contacts', reverseLabel: label('x', 'x') } });
    expect(clash.status).toBe(409);
    expect(clash.body.error.details[0].path).toBe('relation.reverseName');
  });

  it('applies default values and required to new records', async () => {
    expect((await addField('tasks', { name: 'channel', label: label('渠道', 'Channel'), type: 'select', options: opts, defaultValue: 'b', required: true })).status).toBe(201);
    const task = await admin.create('tasks', { title: '默认值任务' });
    expect(task.cf_channel).toBe('b');
    const blank = await admin.post('/api/v1/tasks', { title: '空', cf_channel: null });
    expect(blank.status).toBe(400);
    expect(blank.body.error.details[0].path).toBe('cf_channel');
  });
});

describe('editing custom fields', () => {
  it('changes label and options', async () => {
    const res = await admin.patch('/api/v1/meta/objects/customers/fields/cf_t_select', { label: label('等级', 'Grade'), options: [...opts, { value: 'd', label: label('D', 'D') }] });
    expect(res.status).toBe(200);
    expect(res.body.data.label).toEqual(label('等级', 'Grade'));
    expect((await admin.create('customers', { name: '新选项', cf_t_select: 'd' })).cf_t_select).toBe('d');
    const field = (await fieldsOf('customers')).find((f) => f.name === 'cf_t_select')!;
    expect(field.options.map((o: Rec) => o.value)).toEqual(['a', 'b', 'c', 'd']);
    expect((await admin.patch('/api/v1/meta/objects/customers/fields/cf_t_select', { type: 'text' })).status).toBe(400);
    expect((await admin.patch('/api/v1/meta/objects/customers/fields/cf_t_select', { options: [] })).status).toBe(400);
    expect((await admin.patch('/api/v1/meta/objects/customers/fields/nothing', { label: label('x', 'x') })).status).toBe(404);
  });

  it('lets standard fields change label and options only', async () => {
    const res = await admin.patch('/api/v1/meta/objects/customers/fields/industry', { label: label('所属行业', 'Sector') });
    expect(res.status).toBe(200);
    expect((await fieldsOf('customers')).find((f) => f.name === 'industry')!.label.en).toBe('Sector');
    expect((await admin.patch('/api/v1/meta/objects/customers/fields/industry', { unique: true })).status).toBe(400);
    expect((await admin.delete('/api/v1/meta/objects/customers/fields/industry')).status).toBe(400);
  });

  it('reorders fields', async () => {
    const res = await admin.post('/api/v1/meta/objects/customers/field-order', { names: ['cf_t_text', 'name', 'cf_t_integer'] });
    expect(res.status).toBe(200);
    const names = (await fieldsOf('customers')).map((f) => f.name).filter((n) => ['cf_t_text', 'name', 'cf_t_integer', 'status'].includes(n));
    expect(names).toEqual(['cf_t_text', 'name', 'cf_t_integer', 'status']);
    expect((await admin.post('/api/v1/meta/objects/customers/field-order', { names: ['nope'] })).status).toBe(400);
  });

  it('archives a field: hidden everywhere, data kept, restorable', async () => {
    const rec = await admin.create('customers', { name: '归档客户', cf_t_long_text: '保留的数据' });
    const res = await admin.delete('/api/v1/meta/objects/customers/fields/cf_t_long_text');
    expect(res.status).toBe(200);
    expect((await admin.get(`/api/v1/customers/${rec.id}`)).body.data).not.toHaveProperty('cf_t_long_text');
    expect((await admin.list('customers', { filter: { field: 'cf_t_long_text', op: 'not_empty' } })).status).toBe(400);
    expect((await admin.post('/api/v1/customers', { name: 'x', cf_t_long_text: 'y' })).status).toBe(400);
    const meta = await fieldsOf('customers');
    expect(meta.find((f) => f.name === 'cf_t_long_text')?.archived).toBe(true);
    const openapi = (await admin.get('/api/openapi.json')).body;
    expect(openapi.components.schemas.customers.properties).not.toHaveProperty('cf_t_long_text');
    expect((await admin.get('/api/v1/customers/export')).text).not.toContain('保留的数据');
    expect(JSON.stringify((await admin.get(`/api/v1/customers/${rec.id}/timeline`)).body)).not.toContain('保留的数据');

    const restored = await admin.patch('/api/v1/meta/objects/customers/fields/cf_t_long_text', { archived: false });
    expect(restored.status).toBe(200);
    expect((await admin.get(`/api/v1/customers/${rec.id}`)).body.data.cf_t_long_text).toBe('保留的数据');
  });

  it('purges a field only with confirm equal to its name, then drops its data', async () => {
    const rec = await admin.create('customers', { name: '清除客户', cf_t_currency: { amount: 9 } });
    const noConfirm = await admin.delete('/api/v1/meta/objects/customers/fields/cf_t_currency?purge=true');
    expect(noConfirm.status).toBe(400);
    expect(noConfirm.body.error.details[0].path).toBe('confirm');
    expect((await admin.delete('/api/v1/meta/objects/customers/fields/cf_t_currency?purge=true&confirm=cf_t_text')).status).toBe(400);
    // purge=false is not a purge, whatever confirm says: it archives.
    expect((await admin.delete('/api/v1/meta/objects/customers/fields/cf_t_currency?purge=false&confirm=cf_t_currency')).body.data.archived).toBe(true);
    expect((await admin.patch('/api/v1/meta/objects/customers/fields/cf_t_currency', { archived: false })).status).toBe(200);
    expect((await admin.get(`/api/v1/customers/${rec.id}`)).body.data.cf_t_currency).toEqual({ amount: 9, currency: 'CNY' });

    const purged = await admin.delete('/api/v1/meta/objects/customers/fields/cf_t_currency?purge=true&confirm=cf_t_currency');
    expect(purged.status).toBe(200);
    expect((await fieldsOf('customers')).map((f) => f.name)).not.toContain('cf_t_currency');
    const { rows } = await t.crm.handle.pool.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'customers' AND table_schema = current_schema() AND column_name LIKE 'cf_t_currency%'`,
    );
    expect(rows).toEqual([]);
    // The name is free again, and the new field starts empty.
    expect((await addField('customers', { name: 't_currency', label: label('金额', 'Amount'), type: 'currency' })).status).toBe(201);
    expect((await admin.get(`/api/v1/customers/${rec.id}`)).body.data.cf_t_currency).toBeNull();
  });

  it('is for administrators only', async () => {
    const c = rep.client;
    expect((await c.post('/api/v1/meta/objects/customers/fields', { label: label('x', 'x'), type: 'text' })).status).toBe(403);
    expect((await c.patch('/api/v1/meta/objects/customers/fields/cf_t_text', { label: label('x', 'x') })).status).toBe(403);
    expect((await c.post('/api/v1/meta/objects/customers/field-order', { names: ['name'] })).status).toBe(403);
    expect((await c.delete('/api/v1/meta/objects/customers/fields/cf_t_text?purge=true&confirm=cf_t_text')).status).toBe(403);
    expect((await fieldsOf('customers')).find((f) => f.name === 'cf_t_text')!.label.zh).toBe('类型text');
    // Reps still see and use custom fields on their own records.
    const mine = await c.create('customers', { name: '代表客户', cf_t_integer: 4 });
    expect(mine.cf_t_integer).toBe(4);
    expect((await c.get('/api/v1/meta/objects/customers')).body.data.fields.map((f: Rec) => f.name)).toContain('cf_t_integer');
  });
});
