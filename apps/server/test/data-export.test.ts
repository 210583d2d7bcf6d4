import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qs, startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';

type Rec = Record<string, any>;
let t: TestCrm;
let exporter: TestUser, other: TestUser, noExport: TestUser, english: TestUser;

const OWN_EXPORT = { read: 'own', create: 'own', update: 'own', delete: 'own', export: 'own' };

async function xlsxRows(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** The raw bytes of a response (app.inject keeps them in rawPayload). */
async function download(user: TestUser, object: string, params: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/${object}/export?${qs(params)}`, headers: (user.client as any).headers });
  return { status: res.statusCode, headers: res.headers, body: res.rawPayload, json: res.headers['content-type']?.toString().includes('json') ? res.json() : undefined };
}

beforeAll(async () => {
  t = await startTestCrm();
  const role = await t.createRole('rep_exporter', { objects: { '*': OWN_EXPORT }, fields: { customers: { annual_revenue: 'hidden' } } });
  exporter = await t.createUser({ role, name: '导出员' });
  other = await t.createUser({ role, name: '别人' });
  noExport = await t.createUser({ role: 'sales_rep' });
  english = await t.createUser({ role, locale: 'en', name: 'Emma' });
  const rows = Array.from({ length: 2300 }, (_, i) => ({
    name: `导出客户${String(i).padStart(4, '0')}`,
    status: i % 2 ? 'vip' : 'active',
    employees: i,
    annual_revenue: { amount: 1000 + i, currency: 'CNY' },
    tags: ['重要'],
    owner_id: exporter.id,
  }));
  for (let i = 0; i < rows.length; i += 1000) {
    // The admin writes them: the exporter may not write the field hidden from them.
    const res = await t.admin.client.post('/api/v1/customers/bulk', { action: 'create', rows: rows.slice(i, i + 1000) });
    expect(res.status).toBe(200);
  }
  await other.client.create('customers', { name: '别人的客户', status: 'vip' });
  await exporter.client.create('contacts', { name: '李雷', birthday: '1990-02-03', is_primary: true, gender: 'male' });
  await english.client.create('contacts', { name: 'Han Meimei', birthday: '1991-12-31', is_primary: false, gender: 'female' });
});
afterAll(async () => {
  await t?.close();
});

describe('export of the current list view', () => {
  it('streams CSV over several pages with a BOM, Chinese labels and only the user\'s scope', async () => {
    const res = await download(exporter, 'customers', { filter: { field: 'status', op: 'eq', value: 'vip' }, sort: 'name', fields: 'name,status,employees,tags' });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/csv');
    expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.body.toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    // Columns: the requested ones plus id; the hidden annual_revenue is never included.
    expect(lines[0]).toBe('ID,客户名称,客户状态,员工人数,标签');
    expect(lines).toHaveLength(1 + 1150);
    expect(lines[1]).toMatch(/^[0-9a-f-]{36},导出客户0001,重要客户,1,重要$/);
    expect(lines[1150]).toContain('导出客户2299');
    expect(res.body.toString('utf8')).not.toContain('别人的客户');
    // All columns: the field hidden from this role is not among them.
    const all = (await download(exporter, 'customers', { filter: { field: 'name', op: 'eq', value: '导出客户0001' } })).body.toString('utf8');
    expect(all).toContain('客户状态');
    expect(all).not.toContain('年营业额');
    expect(all).not.toContain(',1001');
  });

  it('writes XLSX with numbers, dates and booleans as real values, labels in the user\'s language', async () => {
    const res = await download(exporter, 'contacts', { format: 'xlsx', sort: 'name', fields: 'name,birthday,is_primary,gender,owner_id,created_at' });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent('联系人')}`);
    const [header, ...rows] = await xlsxRows(res.body);
    expect(header).toEqual(['ID', '姓名', '性别', '生日', '主要联系人', '负责人', '创建时间']);
    expect(rows).toHaveLength(1);
    const [, name, gender, birthday, primary, owner, created] = rows[0];
    expect(name).toBe('李雷');
    expect(gender).toBe('男');
    expect(birthday).toBeInstanceOf(Date);
    expect((birthday as Date).toISOString().slice(0, 10)).toBe('1990-02-03');
    expect(primary).toBe(true);
    expect(owner).toBe('导出员');
    expect(created).toBeInstanceOf(Date);

    const en = await download(english, 'contacts', { format: 'xlsx', fields: 'name,gender,is_primary' });
    const [enHeader, enRow] = await xlsxRows(en.body);
    expect(enHeader).toEqual(['ID', 'Name', 'Gender', 'Primary contact']);
    expect(enRow.slice(1)).toEqual(['Han Meimei', 'Female', false]);
  });

  it('puts numbers into XLSX as numbers across pages', async () => {
    const res = await download(exporter, 'customers', { format: 'xlsx', sort: '-employees', fields: 'name,employees', filter: { field: 'employees', op: 'gte', value: 1000 } });
    const [header, ...rows] = await xlsxRows(res.body);
    expect(header).toEqual(['ID', '客户名称', '员工人数']);
    expect(rows).toHaveLength(1300);
    expect(rows[0].slice(1)).toEqual(['导出客户2299', 2299]);
    expect(rows[1299].slice(1)).toEqual(['导出客户1000', 1000]);
  });

  it('audits every export: who, object, filter, format and row count', async () => {
    const filter = { field: 'name', op: 'contains', value: '导出客户000' };
    await download(exporter, 'customers', { filter, format: 'xlsx' });
    const log = await t.admin.client.get(`/api/v1/audit-log?${qs({ action: 'export', actorId: exporter.id, object: 'customers' })}`);
    expect(log.status).toBe(200);
    expect(log.body.data[0]).toMatchObject({ object: 'customers', action: 'export', actorId: exporter.id, changes: { export: { format: 'xlsx', rows: 10, filter } } });
  });

  it('refuses a user without the export permission (403) and bad parameters (400 naming the field)', async () => {
    const denied = await download(noExport, 'customers', {});
    expect(denied.status).toBe(403);
    const before = await t.admin.client.get(`/api/v1/audit-log?${qs({ action: 'export', actorId: noExport.id })}`);
    expect(before.body.data).toEqual([]);
    const badFormat = await download(exporter, 'customers', { format: 'pdf' });
    expect(badFormat.status).toBe(400);
    expect(badFormat.json.error.details[0].path).toBe('format');
    const badField = await download(exporter, 'customers', { filter: { field: 'nope', op: 'eq', value: 1 } });
    expect(badField.status).toBe(400);
    expect(JSON.stringify(badField.json.error.details)).toContain('nope');
  });
});
