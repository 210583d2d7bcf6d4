import ICAL from 'ical.js';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qs, startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';

type Rec = Record<string, any>;
let t: TestCrm;
let rep: TestUser, noExport: TestUser;

const fixture = (name: string) => readFileSync(new URL(`./fixtures/vcard/${name}`, import.meta.url));

async function importFile(user: TestUser, file: Buffer | string, query = '') {
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/contacts/vcard${query}`, headers: { ...(user.client as any).headers, 'content-type': 'text/vcard' }, payload: file });
  return { status: res.statusCode, body: res.json() as Rec };
}
const exportCards = (user: TestUser, params: Record<string, unknown>) => user.client.get(`/api/v1/contacts/vcard?${qs(params)}`);

beforeAll(async () => {
  t = await startTestCrm();
  const role = await t.createRole('vcard_rep', { objects: { '*': { read: 'own', create: 'own', update: 'own', delete: 'own', export: 'own' } } });
  rep = await t.createUser({ role, name: '名片代表' });
  noExport = await t.createUser({ role: 'sales_rep' });
});
afterAll(async () => {
  await t?.close();
});

describe('vCard import of real phone and mail-client files', () => {
  const cases: [file: string, count: number, expected: Rec, org: string | null][] = [
    ['chinese-android-2.1.vcf', 2, { name: '张伟', mobile: '+86 138 0013 8000', phone: '010-6543 2100', email: 'zhangwei@yunfan.cn', company: '北京云帆科技有限公司' }, '北京云帆科技有限公司'],
    ['chinese-gb18030-3.0.vcf', 1, { name: '李雷', mobile: '13700001111', email: 'lilei@xingchen.com', company: '上海星辰贸易有限公司', title: '销售总监' }, '上海星辰贸易有限公司'],
    ['John_Doe_ANDROID.vcf', 6, { name: 'john.doe@company.com', email: 'john.doe@company.com' }, null],
    ['John_Doe_BLACK_BERRY.vcf', 1, { name: 'john Doe', mobile: '+961 23 456 789', company: 'Acme Solutions' }, 'Acme Solutions'],
    ['John_Doe_IPHONE.vcf', 1, { mobile: '905-555-1234', phone: '905-666-1234', email: 'john.doe@ibm.com', company: 'IBM', title: 'Money Counter', birthday: '2012-06-06' }, 'IBM'],
    ['John_Doe_GMAIL.vcf', 1, { email: 'john.doe@ibm.com', company: 'IBM', birthday: '1980-03-22' }, 'IBM'],
    ['John_Doe_EVOLUTION.vcf', 1, { email: 'john.doe@ibm.com', company: 'IBM', title: 'Money Counter' }, 'IBM'],
    ['John_Doe_LOTUS_NOTES.vcf', 1, { name: 'John Johny Doe', email: 'john.doe@ibm.com', title: 'Generic Accountant' }, 'IBM'],
    ['John_Doe_MAC_ADDRESS_BOOK.vcf', 1, { mobile: '905-555-1234', email: 'john.doe@ibm.com', company: 'IBM' }, 'IBM'],
    ['John_Doe_MS_OUTLOOK.vcf', 1, { email: 'john.doe@ibm.cm', company: 'IBM', birthday: '1980-03-22' }, 'IBM'],
    ['outlook-2003.vcf', 1, { name: 'John Doe', email: 'jdoe@hotmail.com', title: 'The Job Title' }, 'Company, The'],
    ['outlook-2007.vcf', 1, { name: 'Michael Angstadt', email: 'mike.angstadt@gmail.com', company: 'TheCompany' }, 'TheCompany'],
    ['gmail-list.vcf', 3, { name: 'Arnold Smith', email: 'asmithk@gmail.com' }, null],
    ['rfc2426-example.vcf', 2, { name: 'Frank Dawson', phone: '+1 919 676 9515', email: 'frank_dawson@lotus.com' }, 'Lotus Development Corporation'],
    ['rfc6350-example.vcf', 1, { name: 'Simon Perreault', mobile: '+1 418 262 6501', phone: '+1 418 656 9254 ext. 102', email: 'simon.perreault@viagenie.ca', gender: 'male' }, 'Viagenie'],
    ['issue114.vcf', 1, { name: 'Dummy Dummy', mobile: '+49 123456789', phone: '+49 9876 54321', email: 'dummy.dummy@dummy.com' }, 'Dummy GmbH'],
    ['thunderbird-MoreFunctionsForAddressBook-extension.vcf', 1, { name: 'John Doe', mobile: '555-555-5555', email: 'doe.john@hotmail.com', birthday: '1970-09-21' }, 'TheOrganization'],
  ];
  it.each(cases)('%s', async (file, count, expected, org) => {
    const res = await importFile(t.admin, fixture(file));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data).toHaveLength(count);
    const contact = (await t.admin.client.get(`/api/v1/contacts/${res.body.data[0].id}`)).body.data;
    expect(contact).toMatchObject(expected);
    if (org) {
      const customer = (await t.admin.client.get(`/api/v1/customers/${contact.customer_id}`)).body.data;
      expect(customer.name).toBe(org);
    } else expect(contact.customer_id).toBeNull();
  });

  it('keeps the numbers and emails with no field of their own in the notes', async () => {
    const res = await importFile(t.admin, fixture('chinese-android-2.1.vcf'), '?createCustomers=false');
    const [zhang, ouyang] = res.body.data;
    expect(zhang.description).toContain('老客户，年底回访。很长的备注用来测试软换行很长的备注用来测试软换行');
    expect(zhang.description).toContain('010-8888 6666');
    expect(zhang.description).toContain('zw1988@qq.com');
    expect(ouyang).toMatchObject({ name: '欧阳娜娜', mobile: '13912345678', customer_id: null });
  });

  it('links ORG to the existing customer of that name, visible to the importing user', async () => {
    const own = await rep.client.create('customers', { name: '北京云帆科技有限公司' });
    const res = await importFile(rep, fixture('chinese-android-2.1.vcf'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ customersCreated: 0, customersLinked: 1 });
    expect(res.body.data[0]).toMatchObject({ name: '张伟', customer_id: own.id, owner_id: rep.id });
    const log = await t.admin.client.get(`/api/v1/audit-log?${qs({ recordId: res.body.data[0].id })}`);
    expect(log.body.data[0]).toMatchObject({ action: 'create', actorId: rep.id });
  });

  it('refuses a file without cards or with a nameless card (400 naming it), writing nothing', async () => {
    const before = (await t.admin.client.get('/api/v1/contacts/count')).body.total;
    const empty = await importFile(rep, 'hello');
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toBe('file');
    const nameless = await importFile(rep, 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:好人\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nTEL:123456\r\nEND:VCARD\r\n');
    expect(nameless.status).toBe(400);
    expect(nameless.body.error.details[0].path).toBe('cards.1.name');
    const tooLong = await importFile(rep, `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:好人\r\nTITLE:${'长'.repeat(150)}\r\nEND:VCARD\r\n`);
    expect(tooLong.status).toBe(201);
    expect(tooLong.body.data[0].title).toHaveLength(100);
    expect((await t.admin.client.get('/api/v1/contacts/count')).body.total).toBe(before + 1);
  });
});

describe('vCard export', () => {
  let customer: Rec;
  let mine: Rec[];
  beforeAll(async () => {
    customer = await rep.client.create('customers', { name: '深圳前海数据服务有限公司' });
    mine = [
      await rep.client.create('contacts', { name: '欧阳修', customer_id: customer.id, company: '深圳前海数据服务有限公司', title: '技术总监; 架构', mobile: '+86 139 0000 1111', phone: '0755-8888 1234', email: 'ouyang@qianhai.cn', wechat: 'ouyang_x', birthday: '1985-07-08', gender: 'male', description: '第一行，带逗号\n第二行' }),
      await rep.client.create('contacts', { name: 'Mary Jane Watson', customer_id: customer.id, company: '深圳前海数据服务有限公司', email: 'mj@example.com', gender: 'female' }),
    ];
  });

  it.each(['3.0', '4.0'])('writes vCard %s that ical.js parses back', async (version) => {
    const res = await exportCards(rep, { version, ids: mine.map((c) => c.id).join(',') });
    expect(res.status, res.text).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/vcard');
    expect(res.text).toMatch(/\r\n/);
    const parsed = ICAL.parse(res.text) as unknown[];
    const cards = (Array.isArray(parsed[0]) ? parsed : [parsed]).map((c) => new ICAL.Component(c as any[]));
    const zh = cards.find((c) => c.getFirstPropertyValue('fn') === '欧阳修')!;
    expect(zh.getFirstPropertyValue('version')).toBe(version);
    expect(zh.getFirstPropertyValue('n')).toEqual(['欧阳', '修', '', '', '']);
    expect(zh.getFirstPropertyValue('org')).toBe('深圳前海数据服务有限公司');
    expect(zh.getFirstPropertyValue('title')).toBe('技术总监; 架构');
    expect(zh.getFirstPropertyValue('note')).toBe('第一行，带逗号\n第二行');
    expect(zh.getAllProperties('tel').map((p) => [p.getParameter('type'), p.getFirstValue()])).toEqual(
      version === '3.0' ? [['CELL', '+86 139 0000 1111'], [['WORK', 'VOICE'], '0755-8888 1234']] : [['cell', '+86 139 0000 1111'], [['work', 'voice'], '0755-8888 1234']],
    );
    expect(zh.getFirstPropertyValue('email')).toBe('ouyang@qianhai.cn');
    const en = cards.find((c) => c.getFirstPropertyValue('fn') === 'Mary Jane Watson')!;
    expect(en.getFirstPropertyValue('n')).toEqual(['Watson', 'Mary Jane', '', '', '']);
  });

  it.each(['3.0', '4.0'])('round-trips: importing the exported %s file gives the same contacts', async (version) => {
    const file = (await exportCards(rep, { version, ids: mine.map((c) => c.id).join(',') })).text;
    const res = await importFile(rep, file);
    expect(res.status).toBe(201);
    expect(res.body.customersCreated).toBe(0);
    const fields = ['name', 'customer_id', 'company', 'title', 'mobile', 'phone', 'email', 'wechat', 'birthday', 'gender', 'description', 'owner_id'];
    const pick = (c: Rec) => Object.fromEntries(fields.map((f) => [f, c[f]]));
    const byName = (list: Rec[]) => [...list].sort((a, b) => a.name.localeCompare(b.name)).map(pick);
    expect(byName(res.body.data)).toEqual(byName(mine));
  });

  it('exports the current list view (filter) and audits it; no export permission → 403', async () => {
    const res = await exportCards(rep, { version: '4.0', filter: { field: 'name', op: 'eq', value: 'Mary Jane Watson' } });
    expect(res.text.match(/BEGIN:VCARD/g)).toHaveLength(3); // the original and the two round-trip copies
    expect(res.text).not.toContain('欧阳修');
    const log = await t.admin.client.get(`/api/v1/audit-log?${qs({ action: 'export', actorId: rep.id })}`);
    expect(log.body.data[0]).toMatchObject({ object: 'contacts', changes: { export: { format: 'vcf 4.0', rows: 3 } } });
    expect((await exportCards(noExport, {})).status).toBe(403);
    const bad = await exportCards(rep, { version: '2.1' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('version');
  });

  it('a rep exports only their own contacts', async () => {
    const other = await t.createUser({ role: 'vcard_rep' });
    await other.client.create('contacts', { name: '别人的联系人' });
    const res = await exportCards(rep, {});
    expect(res.text).toContain('欧阳修');
    expect(res.text).not.toContain('别人的联系人');
    expect(res.text).not.toContain('Simon Perreault'); // imported by the admin
  });

  it('appears in the OpenAPI document with the export and backup routes', async () => {
    const doc = (await t.admin.client.get('/api/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/v1/contacts/vcard'])).toEqual(['get', 'post']);
    expect(doc.paths['/api/v1/customers/export'].get.parameters.map((p: Rec) => p.name)).toContain('format');
    expect(doc.paths['/api/v1/admin/backups'].post.summary).toContain('Back up now');
  });
});
