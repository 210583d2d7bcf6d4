import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseCompany, normaliseDomain, normaliseEmail, normalisePersonName, normalisePhone, pinyinKey } from '../src/modules/duplicates/normalise.js';
import { buildAccessContext } from '../src/accounts/access-context.js';
import { rebuildKeys } from '../src/modules/duplicates/key-index.js';
import { startTestCrm, type Client, type TestCrm, type TestUser } from './helpers/crm.js';

type Rec = Record<string, any>;
let t: TestCrm;
let admin: Client;
let repA: TestUser, repB: TestUser;

const label = (zh: string, en: string) => ({ zh, en });
const check = (client: Client, object: string, payload: Rec) => client.post(`/api/v1/${object}/duplicates/check`, payload);
const matchIds = (res: { body: { data: Rec[] } }) => res.body.data.map((d) => d.id);

beforeAll(async () => {
  t = await startTestCrm();
  admin = t.admin.client;
  repA = await t.createUser({ role: 'sales_rep', name: '甲代表' });
  repB = await t.createUser({ role: 'sales_rep', name: '乙代表' });
});
afterAll(async () => {
  await t?.close();
});

describe('normalisation', () => {
  it('drops legal suffixes, brackets, punctuation, width and case from company names', () => {
    const bytedance = normaliseCompany('北京字节跳动科技有限公司');
    expect(bytedance).toBe('北京字节跳动科技');
    expect(normaliseCompany('北京字节跳动科技')).toBe(bytedance);
    expect(normaliseCompany('北京字节跳动科技（中国）有限公司')).toBe(bytedance);
    expect(normaliseCompany(' 北京字节跳动科技股份有限公司 ')).toBe(bytedance);
    expect(normaliseCompany('北京字节跳动科技集团')).toBe(bytedance);
    expect(normaliseCompany('Beijing ByteDance Co., Ltd.')).toBe('beijingbytedance');
    expect(normaliseCompany('ＢＥＩＪＩＮＧ　ＢＹＴＥＤＡＮＣＥ　ＬＴＤ')).toBe('beijingbytedance');
    expect(normaliseCompany('Beijing Bytedance Inc.')).toBe('beijingbytedance');
    expect(normaliseCompany('Siemens GmbH')).toBe(normaliseCompany('SIEMENS (China) Co., Ltd.'));
    // Different scripts are different keys: a Chinese and an English name are not matched by text.
    expect(normaliseCompany('Beijing ByteDance Co., Ltd.')).not.toBe(bytedance);
    // A name that is only a legal form never becomes empty.
    expect(normaliseCompany('有限公司')).toBeTruthy();
    expect(normaliseCompany('  ')).toBeNull();
  });

  it('reads phone numbers as E.164 with China as the default region', () => {
    expect(normalisePhone('+86 138-0013-8000')).toBe('+8613800138000');
    expect(normalisePhone('13800138000')).toBe('+8613800138000');
    expect(normalisePhone('１３８ ００１３ ８０００')).toBe('+8613800138000');
    expect(normalisePhone('010-12345678')).toBe('+861012345678');
    expect(normalisePhone('+1 (415) 555-2671')).toBe('+14155552671');
    expect(normalisePhone('123')).toBeNull();
  });

  it('lower-cases and trims e-mails; takes organisation domains but not shared mail services', () => {
    expect(normaliseEmail('  Zhang.Wei@ByteDance.COM ')).toBe('zhang.wei@bytedance.com');
    expect(normaliseEmail('not an email')).toBeNull();
    expect(normaliseDomain('Li@ByteDance.com')).toBe('bytedance.com');
    expect(normaliseDomain('https://www.bytedance.com/zh/')).toBe('bytedance.com');
    expect(normaliseDomain('someone@qq.com')).toBeNull();
  });

  it('gives homophone Chinese names one pinyin key', () => {
    expect(pinyinKey(normalisePersonName('张伟'))).toBe(pinyinKey(normalisePersonName('章 伟')));
    expect(pinyinKey(normalisePersonName('Wei Zhang'))).toBeNull();
  });
});

describe('check on create and edit', () => {
  let acme: Rec, repAContact: Rec, repBContact: Rec;
  beforeAll(async () => {
    acme = await admin.create('customers', { name: '北京字节跳动科技有限公司', phone: '+86 138-0013-8000', email: 'info@bytedance.com' });
    repAContact = await repA.client.create('contacts', { name: '张伟', company: '华为技术有限公司', email: 'Zhang.Wei@Huawei.com', mobile: '13912345678' });
    repBContact = await repB.client.create('contacts', { name: '李娜', company: '腾讯科技', email: 'lina@tencent.com', mobile: '13700001111' });
  });

  it('finds a customer by normalised name, phone and domain, with the rule and a score', async () => {
    const byName = await check(admin, 'customers', { name: '北京字节跳动科技' });
    expect(byName.status).toBe(200);
    expect(byName.body.data).toHaveLength(1);
    expect(byName.body.data[0]).toMatchObject({ id: acme.id, record: { name: '北京字节跳动科技有限公司' }, matches: [{ rule: 'company_name', how: 'exact' }] });
    expect(byName.body.data[0].score).toBeGreaterThan(0.8);

    const byPhone = await check(admin, 'customers', { name: '完全不同的名字', phone: '13800138000' });
    expect(byPhone.body.data[0]).toMatchObject({ id: acme.id, matches: [{ rule: 'phone', how: 'exact' }] });

    const byDomain = await check(admin, 'customers', { name: 'Other', website: 'https://www.bytedance.com' });
    expect(byDomain.body.data[0]).toMatchObject({ id: acme.id, matches: [{ rule: 'domain' }] });

    const fuzzy = await check(admin, 'customers', { name: '北京字节跳动网络科技有限公司' });
    expect(fuzzy.body.data[0]).toMatchObject({ id: acme.id, matches: [{ rule: 'company_name', how: 'fuzzy' }] });
    expect(fuzzy.body.data[0].score).toBeLessThan(byName.body.data[0].score);

    expect((await check(admin, 'customers', { name: '上海浦东发展银行' })).body.data).toEqual([]);
  });

  it('matches e-mails regardless of case and pinyin-equal names at the same company', async () => {
    const byEmail = await check(repA.client, 'contacts', { name: '别人', email: ' ZHANG.WEI@huawei.com ' });
    expect(matchIds(byEmail)).toEqual([repAContact.id]);
    expect(byEmail.body.data[0].matches[0]).toMatchObject({ rule: 'email', how: 'exact' });
    const homophone = await check(repA.client, 'contacts', { name: '章伟', company: '华为技术' });
    expect(homophone.body.data[0]).toMatchObject({ id: repAContact.id, matches: expect.arrayContaining([expect.objectContaining({ rule: 'name_company', how: 'pinyin' })]) });
  });

  it('does not report the record being edited, but does report others', async () => {
    const self = await check(repA.client, 'contacts', { id: repAContact.id, email: 'zhang.wei@huawei.com' });
    expect(self.body.data).toEqual([]);
    const other = await repA.client.create('contacts', { name: '王芳', email: 'wangfang@example.org' });
    const editing = await check(repA.client, 'contacts', { id: other.id, mobile: '+86 139 1234 5678' });
    expect(matchIds(editing)).toEqual([repAContact.id]);
  });

  it("never tells a rep about records outside their scope", async () => {
    const res = await check(repA.client, 'contacts', { name: '李娜', company: '腾讯科技', email: 'lina@tencent.com', mobile: '13700001111' });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
    expect(matchIds(await check(admin, 'contacts', { email: 'LiNa@tencent.com' }))).toEqual([repBContact.id]);
    // Editing someone else's record is a 404, like reading it.
    expect((await check(repA.client, 'contacts', { id: repBContact.id })).status).toBe(404);
  });

  it('follows edits, deletes and restores of records', async () => {
    const c = await admin.create('customers', { name: '杭州阿里巴巴网络技术有限公司' });
    expect(matchIds(await check(admin, 'customers', { name: '杭州阿里巴巴网络技术' }))).toEqual([c.id]);
    await admin.patch(`/api/v1/customers/${c.id}`, { name: '阿里云计算有限公司' });
    expect(matchIds(await check(admin, 'customers', { name: '杭州阿里巴巴网络技术' }))).toEqual([]);
    expect(matchIds(await check(admin, 'customers', { name: '阿里云计算' }))).toEqual([c.id]);
    await admin.delete(`/api/v1/customers/${c.id}`);
    expect(matchIds(await check(admin, 'customers', { name: '阿里云计算' }))).toEqual([]);
    await admin.post(`/api/v1/customers/${c.id}/restore`);
    expect(matchIds(await check(admin, 'customers', { name: '阿里云计算' }))).toEqual([c.id]);
  });

  it('rejects unknown fields and objects by name', async () => {
    const bad = await check(admin, 'customers', { nmae: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('nmae');
    expect((await check(admin, 'nosuch', { name: 'x' })).status).toBe(404);
    expect((await check(admin, 'deals', { name: 'x' })).body.data).toEqual([]);
  });

  it('lets administrators disable a rule or tune its threshold, and no one else', async () => {
    expect((await repA.client.request('PUT', '/api/v1/duplicate-rules/customers/phone', { enabled: false, fuzzy: false, threshold: 0.6 })).status).toBe(403);
    const off = await admin.request('PUT', '/api/v1/duplicate-rules/customers/phone', { enabled: false, fuzzy: false, threshold: 0.6 });
    expect(off.status).toBe(200);
    expect((await check(admin, 'customers', { name: '别的', phone: '13800138000' })).body.data).toEqual([]);
    await admin.request('PUT', '/api/v1/duplicate-rules/customers/phone', { enabled: true, fuzzy: false, threshold: 0.6 });
    expect(matchIds(await check(admin, 'customers', { name: '别的', phone: '13800138000' }))).toEqual([acme.id]);

    const strict = await admin.request('PUT', '/api/v1/duplicate-rules/customers/company_name', { enabled: true, fuzzy: true, threshold: 0.95 });
    expect(strict.body.data).toMatchObject({ key: 'company_name', threshold: 0.95 });
    expect((await check(admin, 'customers', { name: '北京字节跳动网络科技有限公司' })).body.data).toEqual([]);
    await admin.request('PUT', '/api/v1/duplicate-rules/customers/company_name', { enabled: true, fuzzy: true, threshold: 0.5 });
    const bad = await admin.request('PUT', '/api/v1/duplicate-rules/customers/company_name', { enabled: true, fuzzy: true, threshold: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('threshold');
    const rules = await repA.client.get('/api/v1/duplicate-rules');
    expect(rules.body.data.map((o: Rec) => o.object)).toEqual(['customers', 'contacts', 'leads']);
  });
});

describe('duplicate finder', () => {
  it('groups records sharing a key, pages through them, and keeps to the scope', async () => {
    const made: Rec[] = [];
    for (let i = 0; i < 3; i++) {
      made.push(await repA.client.create('leads', { name: `线索${i}`, email: `dup${i}@lead.cn` }));
      made.push(await repA.client.create('leads', { name: `线索${i}乙`, email: `DUP${i}@lead.cn` }));
    }
    const hidden = await repB.client.create('leads', { name: '乙的线索', email: 'dup0@lead.cn' });
    const first = await admin.get('/api/v1/leads/duplicates?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.nextCursor).toBeTruthy();
    const second = await admin.get(`/api/v1/leads/duplicates?limit=2&cursor=${first.body.nextCursor}`);
    const groups = [...first.body.data, ...second.body.data];
    expect(groups.map((g: Rec) => g.value)).toEqual(['dup0@lead.cn', 'dup1@lead.cn', 'dup2@lead.cn']);
    expect(groups[0].size).toBe(3);
    expect(groups[0].records.map((r: Rec) => r.id).sort()).toEqual([made[0].id, made[1].id, hidden.id].sort());
    expect(second.body.nextCursor).toBeNull();

    const mine = await repA.client.get('/api/v1/leads/duplicates?limit=10');
    expect(mine.body.data.map((g: Rec) => g.value)).toEqual(['dup0@lead.cn', 'dup1@lead.cn', 'dup2@lead.cn']);
    expect(mine.body.data[0].records.map((r: Rec) => r.id)).not.toContain(hidden.id);
    // B sees no group: the other two records are not theirs.
    expect((await repB.client.get('/api/v1/leads/duplicates')).body.data).toEqual([]);
    expect((await admin.get('/api/v1/leads/duplicates?cursor=garbage')).status).toBe(400);
  });

  it('finds similar company names in fuzzy mode and builds keys for records written before it', async () => {
    await admin.create('customers', { name: '深圳市腾讯计算机系统有限公司' });
    await admin.create('customers', { name: '深圳市腾讯计算机系统科技有限公司' });
    const exact = await admin.get('/api/v1/customers/duplicates?limit=50');
    expect(exact.body.data.some((g: Rec) => g.how === 'fuzzy')).toBe(false);
    const fuzzy = await admin.get('/api/v1/customers/duplicates?limit=50&fuzzy=true');
    const group = fuzzy.body.data.find((g: Rec) => g.how === 'fuzzy' && g.records.some((r: Rec) => r.name.startsWith('深圳市腾讯')));
    expect(group.records.map((r: Rec) => r.name).sort()).toEqual(['深圳市腾讯计算机系统有限公司', '深圳市腾讯计算机系统科技有限公司']);

    // Records written straight to the table (as before this module existed) get keys from a rebuild.
    await t.crm.handle.db.deleteFrom('duplicate_keys').where('object', '=', 'customers').execute();
    expect((await admin.get('/api/v1/customers/duplicates?fuzzy=true')).body.data).toEqual([]);
    await rebuildKeys(t.crm.handle.db, 'customers');
    const rebuilt = await admin.get('/api/v1/customers/duplicates?limit=50&fuzzy=true');
    expect(rebuilt.body.data.map((g: Rec) => g.value)).toEqual(fuzzy.body.data.map((g: Rec) => g.value));
  });
});

describe('merge and undo', () => {
  let survivor: Rec, dup: Rec, dup2: Rec, deal: Rec, task: Rec, activity: Rec, contact: Rec, sponsor: Rec;

  beforeAll(async () => {
    const res = await admin.post('/api/v1/meta/objects/contacts/fields', {
      name: 'sponsor', label: label('赞助客户', 'Sponsor'), type: 'relation',
      relation: { object: 'customers', reverseName: 'sponsored_contacts', reverseLabel: label('赞助的联系人', 'Sponsored contacts') },
    });
    expect(res.status, res.text).toBe(201);
  });

  const setup = async () => {
    survivor = await admin.create('customers', { name: '上海合并测试有限公司', phone: '021-55551234', industry: 'it' });
    dup = await admin.create('customers', { name: '上海合并测试', email: 'sales@hebing.cn', employees: 120, industry: 'finance' });
    dup2 = await admin.create('customers', { name: '上海合并测试（中国）', address: '浦东新区' });
    deal = await admin.create('deals', { name: '合并商机', customer_id: dup.id });
    task = await admin.create('tasks', { title: '合并任务', customer_id: dup2.id });
    activity = await admin.create('activities', { subject: '合并拜访', type: 'visit', customer_id: dup.id });
    contact = await admin.create('contacts', { name: '合并联系人', customer_id: dup.id });
    sponsor = await admin.create('contacts', { name: '赞助人', cf_sponsor: dup2.id });
  };

  const merge = (client: Client, body: Rec) => client.post('/api/v1/customers/merge', body);

  it('previews records side by side with related-record counts', async () => {
    await setup();
    const res = await admin.get(`/api/v1/customers/merge-preview?ids=${survivor.id},${dup.id},${dup2.id}`);
    expect(res.status).toBe(200);
    expect(res.body.data.records.map((r: Rec) => r.name)).toEqual(['上海合并测试有限公司', '上海合并测试', '上海合并测试（中国）']);
    expect(res.body.data.related[dup.id]).toEqual({ deals: 1, activities: 1, contacts: 1 });
    expect(res.body.data.related[dup2.id]).toEqual({ tasks: 1, contacts: 1 });
  });

  it('takes values field by field, moves every related record (custom relations too) and bins the merged ones', async () => {
    const res = await merge(admin, {
      survivorId: survivor.id,
      mergedIds: [dup.id, dup2.id],
      values: { email: dup.id, employees: dup.id, address: dup2.id, industry: survivor.id, description: { value: '合并后的备注' } },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data.moved).toEqual({ deals: 1, activities: 1, tasks: 1, contacts: 2 });
    const after = (await admin.get(`/api/v1/customers/${survivor.id}?include=related`)).body;
    expect(after.data).toMatchObject({ name: '上海合并测试有限公司', phone: '021-55551234', email: 'sales@hebing.cn', employees: 120, address: '浦东新区', industry: 'it', description: '合并后的备注' });
    expect((await admin.get(`/api/v1/deals/${deal.id}`)).body.data.customer_id).toBe(survivor.id);
    expect((await admin.get(`/api/v1/tasks/${task.id}`)).body.data.customer_id).toBe(survivor.id);
    expect((await admin.get(`/api/v1/activities/${activity.id}`)).body.data.customer_id).toBe(survivor.id);
    expect((await admin.get(`/api/v1/contacts/${contact.id}`)).body.data.customer_id).toBe(survivor.id);
    expect((await admin.get(`/api/v1/contacts/${sponsor.id}`)).body.data.cf_sponsor).toBe(survivor.id);
    const lists = Object.fromEntries(after.related.map((l: Rec) => [l.name, l.total]));
    expect(lists).toMatchObject({ deals: 1, tasks: 1, activities: 1, contacts: 1, sponsored_contacts: 1 });
    expect((await admin.get(`/api/v1/customers/${dup.id}`)).status).toBe(404);
    const bin = (await admin.list('customers/deleted', { limit: 100 })).body.data.map((r: Rec) => r.id);
    expect(bin).toEqual(expect.arrayContaining([dup.id, dup2.id]));
    // Merged records point to the survivor; the merge is in the survivor's history and audit log.
    const history = await admin.get(`/api/v1/merges?object=customers&recordId=${dup.id}`);
    expect(history.body.data[0]).toMatchObject({ survivorId: survivor.id, mergedIds: [dup.id, dup2.id], survivorTitle: '上海合并测试有限公司', undoneAt: null });
    const audit = await admin.get(`/api/v1/audit-log?recordId=${survivor.id}`);
    expect(audit.status).toBe(200);
    const { rows } = await t.crm.handle.pool.query(`SELECT action FROM audit_log WHERE record_id = $1 ORDER BY id`, [survivor.id]);
    expect(rows.map((r) => r.action)).toEqual(['create', 'update', 'merge']);
    const events = await t.crm.handle.pool.query(`SELECT topic FROM outbox WHERE record_id = $1 ORDER BY id`, [survivor.id]);
    expect(events.rows.map((r) => r.topic)).toContain('record.merged');
    // The survivor's keys now carry the merged e-mail domain; the merged records' keys are gone.
    expect(matchIds(await check(admin, 'customers', { name: '无关', email: 'x@hebing.cn' }))).toEqual([survivor.id]);
  });

  it('undoes the merge: merged records, related records and survivor values all come back', async () => {
    const [last] = (await admin.get(`/api/v1/merges?object=customers&recordId=${survivor.id}`)).body.data;
    const res = await admin.post(`/api/v1/merges/${last.id}/undo`);
    expect(res.status, res.text).toBe(200);
    const s = (await admin.get(`/api/v1/customers/${survivor.id}`)).body.data;
    expect(s).toMatchObject({ email: null, employees: null, address: null, industry: 'it', description: null, phone: '021-55551234' });
    expect((await admin.get(`/api/v1/customers/${dup.id}`)).body.data).toMatchObject({ name: '上海合并测试', email: 'sales@hebing.cn', employees: 120 });
    expect((await admin.get(`/api/v1/customers/${dup2.id}`)).status).toBe(200);
    expect((await admin.get(`/api/v1/deals/${deal.id}`)).body.data.customer_id).toBe(dup.id);
    expect((await admin.get(`/api/v1/activities/${activity.id}`)).body.data.customer_id).toBe(dup.id);
    expect((await admin.get(`/api/v1/contacts/${contact.id}`)).body.data.customer_id).toBe(dup.id);
    expect((await admin.get(`/api/v1/tasks/${task.id}`)).body.data.customer_id).toBe(dup2.id);
    expect((await admin.get(`/api/v1/contacts/${sponsor.id}`)).body.data.cf_sponsor).toBe(dup2.id);
    expect(matchIds(await check(admin, 'customers', { name: '无关', email: 'x@hebing.cn' }))).toEqual([dup.id]);
    const again = await admin.post(`/api/v1/merges/${last.id}/undo`);
    expect(again.status).toBe(409);
  });

  it('refuses to undo when the survivor or a moved record changed since', async () => {
    await setup();
    const first = await merge(admin, { survivorId: survivor.id, mergedIds: [dup.id], values: { email: dup.id } });
    await admin.patch(`/api/v1/customers/${survivor.id}`, { phone: '021-66667777' });
    const res = await admin.post(`/api/v1/merges/${first.body.data.mergeId}/undo`);
    expect(res.status).toBe(409);
    expect(res.body.error.details[0].path).toBe('survivorId');
    expect((await admin.get(`/api/v1/customers/${dup.id}`)).status).toBe(404);

    const other = await admin.create('customers', { name: '另一家' });
    const second = await merge(admin, { survivorId: survivor.id, mergedIds: [dup2.id] });
    await admin.patch(`/api/v1/tasks/${task.id}`, { customer_id: other.id });
    const moved = await admin.post(`/api/v1/merges/${second.body.data.mergeId}/undo`);
    expect(moved.status).toBe(409);
    expect(moved.body.error.details[0].path).toBe('moved.tasks.customer_id');
    expect((await admin.get(`/api/v1/customers/${dup2.id}`)).status).toBe(404);
  });

  it('rolls everything back when a step fails halfway', async () => {
    await setup();
    let fail = true;
    t.crm.engine.hooks.on('customers', 'afterDelete', ({ record }) => {
      if (fail && record?.id === dup2.id) throw new Error('disk on fire');
    });
    const before = (await admin.get(`/api/v1/customers/${survivor.id}`)).body.data;
    const auditBefore = await t.crm.handle.pool.query(`SELECT count(*)::int AS n FROM audit_log`);
    const res = await merge(admin, { survivorId: survivor.id, mergedIds: [dup.id, dup2.id], values: { email: dup.id } });
    fail = false;
    expect(res.status).toBe(500);
    expect((await admin.get(`/api/v1/customers/${survivor.id}`)).body.data).toEqual(before);
    expect((await admin.get(`/api/v1/customers/${dup.id}`)).status).toBe(200);
    expect((await admin.get(`/api/v1/deals/${deal.id}`)).body.data.customer_id).toBe(dup.id);
    expect((await admin.get(`/api/v1/contacts/${sponsor.id}`)).body.data.cf_sponsor).toBe(dup2.id);
    expect((await t.crm.handle.pool.query(`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n).toBe(auditBefore.rows[0].n);
    expect((await t.crm.handle.pool.query(`SELECT count(*)::int AS n FROM merges WHERE survivor_id = $1 AND $2 = ANY(merged_ids)`, [survivor.id, dup.id])).rows[0].n).toBe(0);
    const stillKeyed = matchIds(await check(admin, 'customers', { name: '无关', email: 'x@hebing.cn' }));
    expect(stillKeyed).toContain(dup.id);
    expect(stillKeyed).not.toContain(survivor.id);
  });

  it('answers bad input with a 4xx naming the field, writing nothing', async () => {
    await setup();
    const cases: [Rec, number, string][] = [
      [{ survivorId: survivor.id, mergedIds: [dup.id, survivor.id] }, 400, 'mergedIds.1'],
      [{ survivorId: survivor.id, mergedIds: [dup.id], values: { nmae: dup.id } }, 400, 'values.nmae'],
      [{ survivorId: survivor.id, mergedIds: [dup.id], values: { created_at: dup.id } }, 400, 'values.created_at'],
      [{ survivorId: survivor.id, mergedIds: [dup.id], values: { employees: { value: -5 } } }, 400, 'values.employees'],
      [{ survivorId: survivor.id, mergedIds: [dup.id, '00000000-0000-4000-8000-000000000000'] }, 404, 'mergedIds.1'],
      [{ survivorId: '00000000-0000-4000-8000-000000000000', mergedIds: [dup.id] }, 404, 'survivorId'],
      [{ survivorId: survivor.id, mergedIds: [] }, 400, 'mergedIds'],
      [{ survivorId: 'nope', mergedIds: [dup.id] }, 400, 'survivorId'],
    ];
    for (const [body, status, path] of cases) {
      const res = await merge(admin, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.details.map((d: Rec) => d.path), JSON.stringify(body)).toContain(path);
    }
    expect((await admin.get(`/api/v1/customers/${dup.id}`)).status).toBe(200);
    expect((await admin.get(`/api/v1/deals/${deal.id}`)).body.data.customer_id).toBe(dup.id);
  });

  it('needs update on the survivor and delete on the merged records', async () => {
    const mine = await repA.client.create('customers', { name: '甲的客户' });
    const mine2 = await repA.client.create('customers', { name: '甲的客户有限公司' });
    const theirs = await repB.client.create('customers', { name: '甲的客户（中国）' });
    const res = await merge(repA.client, { survivorId: mine.id, mergedIds: [theirs.id] });
    expect(res.status).toBe(404);
    expect(res.body.error.details[0].path).toBe('mergedIds.0');
    expect((await merge(repA.client, { survivorId: theirs.id, mergedIds: [mine.id] })).status).toBe(404);
    const ok = await merge(repA.client, { survivorId: mine.id, mergedIds: [mine2.id] });
    expect(ok.status, ok.text).toBe(200);
    const role = await t.createRole('no_delete', { admin: false, objects: { '*': { read: 'all', create: 'all', update: 'all', delete: 'none', export: 'none' } }, fields: {} });
    const editor = await t.createUser({ role });
    expect((await merge(editor.client, { survivorId: mine.id, mergedIds: [theirs.id] })).status).toBe(403);
  });
});

describe('duplicate groups table', () => {
  /** The finder's groups of one e-mail, as a user sees them. */
  const emailGroup = async (client: Client, email: string) => {
    const all: Rec[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: Rec } = await client.get(`/api/v1/leads/duplicates?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      all.push(...res.body.data);
      cursor = res.body.nextCursor;
    } while (cursor);
    const group = all.find((g) => g.rule === 'email' && g.value === email);
    return group ? { size: group.size, ids: group.records.map((r: Rec) => r.id).sort() } : null;
  };
  /** duplicate_groups must equal a recount of the keys, whatever was written. */
  const expectGroupsMatchKeys = async () => {
    const { rows } = await t.crm.handle.pool.query(`
      WITH recount AS (
        SELECT object, rule, kind, value, count(*)::int AS size, CASE WHEN count(*) <= 100 THEN array_agg(owner_id ORDER BY owner_id) END AS owners
        FROM duplicate_keys GROUP BY 1, 2, 3, 4 HAVING count(*) > 1)
      (SELECT object, rule, kind, value, size, owners FROM duplicate_groups EXCEPT SELECT * FROM recount)
      UNION ALL
      (SELECT * FROM recount EXCEPT SELECT object, rule, kind, value, size, owners FROM duplicate_groups)`);
    expect(rows).toEqual([]);
  };

  it('follows create, update, owner change, delete and restore, within each user’s scope', async () => {
    const email = 'group.follow@grp.cn';
    const a = await repA.client.create('leads', { name: '分组甲', email });
    expect(await emailGroup(admin, email)).toBeNull();
    const b = await repB.client.create('leads', { name: '分组乙', email: 'Group.Follow@GRP.cn' });
    expect(await emailGroup(admin, email)).toEqual({ size: 2, ids: [a.id, b.id].sort() });
    // Each rep sees one of the two records: no group for either.
    expect(await emailGroup(repA.client, email)).toBeNull();
    expect(await emailGroup(repB.client, email)).toBeNull();
    await expectGroupsMatchKeys();

    expect((await admin.patch(`/api/v1/leads/${b.id}`, { owner_id: repA.id })).status).toBe(200);
    expect(await emailGroup(repA.client, email)).toEqual({ size: 2, ids: [a.id, b.id].sort() });

    expect((await admin.patch(`/api/v1/leads/${b.id}`, { email: 'elsewhere@grp.cn' })).status).toBe(200);
    expect(await emailGroup(admin, email)).toBeNull();
    await expectGroupsMatchKeys();
    expect((await admin.patch(`/api/v1/leads/${b.id}`, { email })).status).toBe(200);
    const c = await admin.create('leads', { name: '分组丙', email });
    expect(await emailGroup(admin, email)).toEqual({ size: 3, ids: [a.id, b.id, c.id].sort() });

    expect((await admin.delete(`/api/v1/leads/${c.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/v1/leads/${a.id}`)).status).toBe(204);
    expect(await emailGroup(admin, email)).toBeNull();
    await expectGroupsMatchKeys();
    expect((await admin.post(`/api/v1/leads/${a.id}/restore`)).status).toBeLessThan(300);
    expect(await emailGroup(admin, email)).toEqual({ size: 2, ids: [a.id, b.id].sort() });
    await expectGroupsMatchKeys();
    // A group past 100 records keeps no owners list: a rep's count then comes from the keys.
    const { rows: owners } = await t.crm.handle.pool.query(`UPDATE duplicate_groups g SET owners = NULL FROM duplicate_groups old WHERE (g.object, g.value) = ('leads', $1) AND (old.object, old.rule, old.kind, old.value) = (g.object, g.rule, g.kind, g.value) RETURNING old.owners`, [email]);
    expect(await emailGroup(repA.client, email)).toEqual({ size: 2, ids: [a.id, b.id].sort() });
    expect(await emailGroup(repB.client, email)).toBeNull();
    await t.crm.handle.pool.query(`UPDATE duplicate_groups SET owners = $2 WHERE object = 'leads' AND value = $1`, [email, owners[0].owners]);
    await expectGroupsMatchKeys();
  });

  it('grows by a whole batch of an import, owners included', async () => {
    const email = 'group.batch@grp.cn';
    const first = await repA.client.create('leads', { name: '批量甲', email });
    const second = await repB.client.create('leads', { name: '批量乙', email });
    const meta = await t.crm.engine.records.object('leads');
    const ctx = await buildAccessContext(t.crm.handle.db, (await t.crm.handle.db.selectFrom('users').selectAll().where('id', '=', t.admin.id).executeTakeFirstOrThrow()) as never);
    const rows = [repA.id, repB.id, null].map((owner, i) => t.crm.engine.records.parseValues(meta, { name: `批量导入${i}`, email, owner_id: owner }, 'create', ctx));
    const inserted = await t.crm.handle.db.transaction().execute((trx) => t.crm.engine.records.bulk.insert(trx, meta, rows, ctx));
    expect(await emailGroup(admin, email)).toEqual({ size: 5, ids: [first.id, second.id, ...inserted.map((r) => r.id)].sort() });
    await expectGroupsMatchKeys();
    // Repeats within one batch of a key nobody had yet.
    const fresh = [repA.id, repA.id].map((owner, i) => t.crm.engine.records.parseValues(meta, { name: `新键${i}`, email: 'group.fresh@grp.cn', owner_id: owner }, 'create', ctx));
    await t.crm.handle.db.transaction().execute((trx) => t.crm.engine.records.bulk.insert(trx, meta, fresh, ctx));
    expect((await emailGroup(repA.client, 'group.fresh@grp.cn'))?.size).toBe(2);
    await expectGroupsMatchKeys();
  });

  it('drops a group when its records are merged and brings it back on undo', async () => {
    const email = 'group.merge@grp.cn';
    const a = await admin.create('leads', { name: '合并分组甲', email, mobile: '13900001111' });
    const b = await admin.create('leads', { name: '合并分组乙', email });
    expect(await emailGroup(admin, email)).toEqual({ size: 2, ids: [a.id, b.id].sort() });
    const merged = await admin.post('/api/v1/leads/merge', { survivorId: a.id, mergedIds: [b.id] });
    expect(merged.status, merged.text).toBe(200);
    expect(await emailGroup(admin, email)).toBeNull();
    await expectGroupsMatchKeys();
    const undo = await admin.post(`/api/v1/merges/${merged.body.data.mergeId}/undo`);
    expect(undo.status, undo.text).toBe(200);
    expect(await emailGroup(admin, email)).toEqual({ size: 2, ids: [a.id, b.id].sort() });
    await expectGroupsMatchKeys();
  });
});
