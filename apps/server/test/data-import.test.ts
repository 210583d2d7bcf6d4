import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../src/accounts/bootstrap.js';
import { createSession } from '../src/accounts/sessions.js';
import { createCrm, type Crm } from '../src/server.js';
import type { FastifyInstance } from 'fastify';
import { waitForJobs } from './helpers/automation.js';
import { Client, pgliteTemplate, startTestCrm, ADMIN_EMAIL, PASSWORD, type TestCrm } from './helpers/crm.js';
import { cookieOf, importFixture as fixture, runImport as importFile, uploadImport as upload, waitForImport as waitFor } from './helpers/imports.js';
import { waitForProgress } from './helpers/local-servers.js';

const contactsByName = async (client: Client) => {
  const res = await client.list('contacts', { limit: 200 });
  return new Map<string, any>(res.body.data.map((c: any) => [c.name, c]));
};

describe('data import', { timeout: 180_000 }, () => {
  let t: TestCrm;
  beforeAll(async () => {
    t = await startTestCrm({ jobs: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('decodes GBK, UTF-8 with BOM and XLSX with merged two-level headers and real dates', async () => {
    const client = t.admin.client;
    const gbk = await upload(t.app, client, 'contacts', fixture('contacts-gbk.csv'), '联系人.csv');
    expect(gbk.status).toBe(201);
    expect(gbk.body.data.encoding).toBe('gb18030');
    expect(gbk.body.data.headers).toEqual(['姓名', '公司', '手机', '邮箱', '性别', '生日']);
    expect(gbk.body.preview[0].values).toMatchObject({ name: '张伟', company: '北京星辰科技有限公司', gender: 'male', birthday: '1985-03-12' });

    const bom = await upload(t.app, client, 'contacts', fixture('contacts-utf8-bom.csv'), 'contacts.csv');
    expect(bom.body.data.encoding).toBe('utf-8');
    expect(bom.body.data.headers[0]).toBe('Name');
    expect(bom.body.preview[1].values).toMatchObject({ name: '李娜', email: 'lina@example.cn' });

    const xlsx = await upload(t.app, client, 'contacts', fixture('contacts-merged-header.xlsx'), 'contacts.xlsx');
    expect(xlsx.body.data.format).toBe('xlsx');
    expect(xlsx.body.data.headers).toEqual(['姓名', '公司', '手机', '邮箱', '性别', '生日']);
    expect(xlsx.body.preview[0]).toMatchObject({ row: 3, values: { name: '张伟', birthday: '1985-03-12', mobile: '138 0013 8000' } });
  });

  it('proposes the mapping from Chinese and from English headers', async () => {
    const zh = await upload(t.app, t.admin.client, 'contacts', fixture('contacts-gbk.csv'), 'a.csv');
    const en = await upload(t.app, t.admin.client, 'contacts', fixture('contacts-utf8-bom.csv'), 'b.csv');
    const expected = { name: 0, company: 1, customer_id: 1, mobile: 2, email: 3, gender: 4, birthday: 5 };
    expect(zh.body.data.mapping).toEqual(expected);
    expect(en.body.data.mapping).toEqual(expected);
    const customers = await upload(t.app, t.admin.client, 'customers', Buffer.from('客户名称,电话,行业,员工数\n甲公司,010-12345678,制造业,100\n'), 'c.csv');
    expect(customers.body.data.mapping).toEqual({ name: 0, phone: 1, industry: 2, employees: 3 });
  });

  it('validates every row first, writes only good rows with audit and events, and reports the rejected ones', async () => {
    const t2 = await startTestCrm({ jobs: true });
    try {
      const client = t2.admin.client;
      const up = await upload(t2.app, client, 'contacts', fixture('contacts-gbk.csv'), 'gbk.csv');
      const id = up.body.data.id;
      await client.patch(`/api/v1/imports/${id}`, { mapping: { name: 0, company: 1, mobile: 2, email: 3, gender: 4, birthday: 5 } });
      expect((await client.post(`/api/v1/imports/${id}/validate`)).status).toBe(202);
      const validated = await waitFor(client, id, ['validated']);
      expect(validated).toMatchObject({ totalRows: 6, rejected: 3, created: 0 });
      expect((await client.list('contacts')).body.data).toHaveLength(0);
      const rejects = (await client.get(`/api/v1/imports/${id}/rejects`)).body.data;
      // Reasons read in the importing user's language, fields by their labels (not `email: must be …`).
      expect(rejects.map((r: any) => [r.row, r.reason])).toEqual([[4, '邮箱：不是有效的邮箱地址'], [5, '性别：“未知”不是可选项（男/女），请在值映射中对应'], [6, '姓名：必填']]);

      await client.post(`/api/v1/imports/${id}/run`);
      const done = await waitFor(client, id, ['done']);
      expect(done).toMatchObject({ created: 3, rejected: 3, doneRows: 6 });
      const contacts = await contactsByName(client);
      expect([...contacts.keys()].sort()).toEqual(['张伟', '李娜', '陈静'].sort());
      expect(contacts.get('陈静').birthday).toBe('1988-12-05');
      expect(contacts.get('李娜').owner_id).toBe(t2.admin.id);
      // One audit entry and one event per batch, naming the import and the records it created.
      const audit = await t2.crm.handle.db.selectFrom('audit_log').select(['record_id', 'action', 'actor_id', 'changes']).where('object', '=', 'contacts').execute();
      expect(audit.map((a) => [a.record_id, a.action, a.actor_id])).toEqual([[id, 'import', t2.admin.id]]);
      const createdIds = [...contacts.values()].map((c) => c.id).sort();
      expect([...(audit[0].changes as any).import.created].sort()).toEqual(createdIds);
      const events = await t2.crm.handle.db.selectFrom('outbox').select(['topic', 'record_id', 'payload']).where('object', '=', 'contacts').orderBy('id').execute();
      // …and one when the import is finished (the new owners' notice counts all its records).
      expect(events.map((e) => [e.topic, e.record_id])).toEqual([['record.imported', id], ['import.finished', id]]);
      expect([...(events[0].payload as any).import.created].sort()).toEqual(createdIds);
      // Each record's history still shows it was created by this import, by whom and when.
      const timeline = (await client.get(`/api/v1/contacts/${contacts.get('陈静').id}/timeline`)).body.data as any[];
      expect(timeline).toEqual([expect.objectContaining({ kind: 'change', action: 'import', title: 'gbk.csv', actorId: t2.admin.id, at: contacts.get('陈静').created_at })]);
      // The admin audit log filters by the new action.
      const log = (await client.get('/api/v1/audit-log?action=import')).body.data as any[];
      expect(log.map((e) => e.recordId)).toEqual([id]);
      // Search finds imported records like any other.
      expect((await client.list('contacts', { q: '张伟' })).body.data).toHaveLength(1);

      const csv = await t2.app.inject({ method: 'GET', url: `/api/v1/imports/${id}/rejects.csv`, headers: cookieOf(client) });
      expect(csv.statusCode).toBe(200);
      const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\n');
      expect(lines).toHaveLength(4);
      expect(lines[1]).toContain('wangfang@example');
      expect(lines[2]).toContain('性别');
    } finally {
      await t2.close();
    }
  });

  it('applies each dedupe policy on email, phone and name + company', async () => {
    const t2 = await startTestCrm({ jobs: true });
    try {
      const client = t2.admin.client;
      const old = await client.create('contacts', { name: '张伟', company: '旧公司', email: 'ZhangWei@example.cn', mobile: '13800138000', title: '经理' });
      const file = fixture('contacts-gbk.csv');
      const mapping = { name: 0, company: 1, mobile: 2, email: 3, gender: 4, birthday: 5 };
      const skip = await importFile(client, t2.app, 'contacts', file, 'skip.csv', { mapping, options: { dedupe: { policy: 'skip', keys: ['email'] } } });
      expect(skip, JSON.stringify((await client.get(`/api/v1/imports/${skip.id}/rejects`)).body)).toMatchObject({ created: 2, skipped: 1 });
      expect((await client.get(`/api/v1/contacts/${old.id}`)).body.data.company).toBe('旧公司');

      // Phone key: 138 0013 8000 in the file is the stored 13800138000.
      const update = await importFile(client, t2.app, 'contacts', file, 'update.csv', { mapping, options: { dedupe: { policy: 'update', keys: ['phone'] } } });
      expect(update).toMatchObject({ created: 0, updated: 1, skipped: 2 });
      const after = (await client.get(`/api/v1/contacts/${old.id}`)).body.data;
      expect(after).toMatchObject({ company: '北京星辰科技有限公司', title: '经理', version: old.version + 1 });

      const nameCompany = await importFile(client, t2.app, 'contacts', file, 'nc.csv', { mapping, options: { dedupe: { policy: 'skip', keys: ['name_company'] } } });
      expect(nameCompany).toMatchObject({ created: 0, skipped: 3 });

      const create = await importFile(client, t2.app, 'contacts', file, 'create.csv', { mapping, options: { dedupe: { policy: 'create', keys: ['email'] } } });
      expect(create).toMatchObject({ created: 3 });
      expect((await client.list('contacts', { q: 'zhangwei@example.cn' })).body.data).toHaveLength(2);
    } finally {
      await t2.close();
    }
  });

  it('fires "record created" automation rules once for each imported record', async () => {
    const t2 = await startTestCrm({ jobs: true });
    try {
      const client = t2.admin.client;
      const rule = await client.post('/api/v1/automation/rules', {
        name: '导入的星辰联系人',
        enabled: true,
        object: 'contacts',
        trigger: { kind: 'record_created' },
        conditions: { field: 'company', op: 'contains', value: '星辰' },
        actions: [{ type: 'update_fields', updates: [{ op: 'set', field: 'title', value: '重点跟进' }] }],
      });
      expect(rule.status, rule.text).toBe(201);
      const mapping = { name: 0, company: 1, mobile: 2, email: 3, gender: 4, birthday: 5 };
      const done = await importFile(client, t2.app, 'contacts', fixture('contacts-gbk.csv'), 'rule.csv', { mapping });
      const runs = async () => (await client.get(`/api/v1/automation/runs?ruleId=${rule.body.data.id}`)).body.data as { status: string }[];
      await waitForJobs(t2.crm, async () => (await runs()).length >= 1 && !(await runs()).some((r) => r.status === 'pending'), 'the rule\'s runs');
      // 3 created (the file's bad rows are rejected); only the 星辰 contact matched, and only matches get a run.
      expect(done.created).toBe(3);
      expect((await runs()).map((r) => r.status)).toEqual(['done']);
      const byName = await contactsByName(client);
      expect([byName.get('张伟')?.title, byName.get('李娜')?.title ?? null]).toEqual(['重点跟进', null]);
    } finally {
      await t2.close();
    }
  });

  it('links relations by name, creates missing ones when asked, and undoes everything', async () => {
    const t2 = await startTestCrm({ jobs: true });
    try {
      const client = t2.admin.client;
      const star = await client.create('customers', { name: '北京星辰科技有限公司' });
      const old = await client.create('contacts', { name: '李娜', email: 'lina@example.cn', title: '总监' });
      const file = fixture('contacts-utf8-bom.csv');
      const mapping = { name: 0, company: 1, customer_id: 1, mobile: 2, email: 3, gender: 4, birthday: 5 };
      const strict = await importFile(client, t2.app, 'contacts', file, 'strict.csv', { mapping, options: { dedupe: { policy: 'skip', keys: ['email'] } } });
      // 张伟 links to the existing customer; 上海云帆 does not exist, so without create-missing its row is rejected.
      const rejects = (await client.get(`/api/v1/imports/${strict.id}/rejects`)).body.data.map((r: any) => r.reason);
      expect(rejects.some((r: string) => /^(所属客户：找不到客户“|Customer: no customer ')/.test(r))).toBe(true);
      const contacts = await contactsByName(client);
      expect(contacts.get('张伟').customer_id).toBe(star.id);
      expect(contacts.get('陈静').customer_id).toBeNull();
      await client.post(`/api/v1/imports/${strict.id}/undo`);
      await waitFor(client, strict.id, ['undone']);
      expect((await contactsByName(client)).has('张伟')).toBe(false);

      const loose = await importFile(client, t2.app, 'contacts', file, 'loose.csv', { mapping, options: { dedupe: { policy: 'update', keys: ['email'] }, createMissingRelations: true } });
      expect(loose).toMatchObject({ created: 2, updated: 1 });
      const customers = (await client.list('customers', { q: '上海云帆贸易有限公司' })).body.data;
      expect(customers).toHaveLength(1);
      // A relation target the import created shows the import in its history too.
      const created = (await client.get(`/api/v1/customers/${customers[0].id}/timeline`)).body.data as any[];
      expect(created.map((e) => [e.action, e.title])).toEqual([['import', 'loose.csv']]);
      const lina = (await client.get(`/api/v1/contacts/${old.id}`)).body.data;
      expect(lina).toMatchObject({ customer_id: customers[0].id, title: '总监', mobile: '+86 139-0013-9000' });

      await client.post(`/api/v1/imports/${loose.id}/undo`);
      await waitFor(client, loose.id, ['undone']);
      const restored = (await client.get(`/api/v1/contacts/${old.id}`)).body.data;
      expect(restored).toMatchObject({ name: '李娜', customer_id: null, mobile: null, title: '总监' });
      expect((await client.list('customers', { q: '上海云帆贸易有限公司' })).body.data).toHaveLength(0);
      expect([...(await contactsByName(client)).keys()]).toEqual(['李娜']);
      expect((await client.get(`/api/v1/customers/${star.id}`)).status).toBe(200);
    } finally {
      await t2.close();
    }
  });

  it('refuses users who may not create the object; records get the importing user or the chosen owner', async () => {
    const reader = await t.createUser({ role: 'read_only' });
    const refused = await upload(t.app, reader.client, 'contacts', fixture('contacts-gbk.csv'), 'x.csv');
    expect(refused.status).toBe(403);

    const rep = await t.createUser({ role: 'sales_rep' });
    const up = await upload(t.app, rep.client, 'leads', Buffer.from('姓名,公司\n钱多多,钱氏集团\n'), 'leads.csv');
    expect(up.status).toBe(201);
    expect((await rep.client.patch(`/api/v1/imports/${up.body.data.id}`, { options: { ownerId: t.admin.id } })).status).toBe(403);
    expect((await t.admin.client.get(`/api/v1/imports/${up.body.data.id}`)).status).toBe(200);
    const other = await t.createUser({ role: 'sales_rep' });
    expect((await other.client.get(`/api/v1/imports/${up.body.data.id}`)).status).toBe(404);
    await rep.client.post(`/api/v1/imports/${up.body.data.id}/run`);
    await waitFor(rep.client, up.body.data.id, ['done']);
    const lead = (await rep.client.list('leads', { q: '钱多多' })).body.data[0];
    expect(lead).toMatchObject({ owner_id: rep.id, created_by: rep.id });

    const manager = await t.createUser({ role: 'admin' });
    const chosen = await importFile(manager.client, t.app, 'leads', Buffer.from('姓名\n孙小美\n'), 'l.csv', { options: { ownerId: rep.id } });
    expect(chosen.created).toBe(1);
    expect((await rep.client.list('leads', { q: '孙小美' })).body.data[0]).toMatchObject({ owner_id: rep.id, created_by: manager.id });
  });

  it('answers bad input with a 4xx naming the field', async () => {
    const client = t.admin.client;
    expect((await upload(t.app, client, 'nosuch', Buffer.from('a\n1\n'), 'a.csv')).body.error.details[0].path).toBe('object');
    expect((await upload(t.app, client, 'contacts', Buffer.alloc(0), 'a.csv')).body.error.details[0].path).toBe('file');
    const up = await upload(t.app, client, 'contacts', fixture('contacts-gbk.csv'), 'a.csv');
    const id = up.body.data.id;
    const cases: [unknown, string][] = [
      [{ mapping: { nosuch: 0 } }, 'mapping.nosuch'],
      [{ mapping: { name: 0, email: 42 } }, 'mapping.email'],
      [{ mapping: { email: 3 } }, 'mapping.name'],
      [{ options: { dedupe: { policy: 'merge', keys: [] } } }, 'options.dedupe.policy'],
      [{ options: { ownerId: '00000000-0000-4000-8000-000000000000' } }, 'options.ownerId'],
    ];
    for (const [body, path] of cases) {
      const res = await client.patch(`/api/v1/imports/${id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details[0].path).toBe(path);
    }
    expect((await client.post(`/api/v1/imports/${id}/undo`)).status).toBe(409);
    const doc = (await client.get('/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/imports', '/api/v1/imports/{id}/run', '/api/v1/imports/{id}/rejects.csv']));
  });
});

describe('data import after a restart', { timeout: 240_000 }, () => {
  it('resumes from its checkpoint on a new app: every row exactly once', async () => {
    const url = process.env.TEST_DATABASE_URL;
    const schema = url ? `t_imp_${randomBytes(4).toString('hex')}` : undefined;
    const dir = url ? undefined : mkdtempSync(join(tmpdir(), 'crm-import-'));
    const open = async () => {
      const crm = await createCrm({ database: url ? { url, schema, poolSize: 5 } : { dataDir: dir, template: await pgliteTemplate() }, jobs: true });
      await ensureFirstAdmin(crm.handle.db, ADMIN_EMAIL, PASSWORD);
      const admin = await crm.handle.db.selectFrom('users').select('id').where('email', '=', ADMIN_EMAIL).executeTakeFirstOrThrow();
      return { crm, client: new Client(crm.app, { cookie: `crm_session=${await createSession(crm.handle.db, admin.id)}` }, admin.id) };
    };
    // Two batches before the stop, two after it.
    const rows = 2000;
    process.env.CRM_IMPORT_BATCH_ROWS = '500';
    const csv = ['姓名,邮箱', ...Array.from({ length: rows }, (_, i) => `客户${i},p${i}@example.cn`)].join('\n');
    let first: { crm: Crm; client: Client } | undefined = await open();
    let second: { crm: Crm; client: Client } | undefined;
    try {
      const up = await upload(first.crm.app, first.client, 'contacts', Buffer.from(csv), 'big.csv');
      const id = up.body.data.id;
      // The app stops while the second batch is being written (its hook runs inside that batch's transaction).
      let created = 0;
      let closing: Promise<void> | undefined;
      const app1 = first.crm;
      app1.engine.hooks.on('contacts', 'afterCreate', () => {
        if (++created === 501) closing = app1.close();
      });
      await first.client.post(`/api/v1/imports/${id}/run`);
      await waitForProgress(() => closing !== undefined, () => created, { what: 'the second batch' });
      await closing;
      first = undefined;
      second = await open();
      const stopped = (await second.client.get(`/api/v1/imports/${id}`)).body.data;
      expect(stopped.doneRows).toBe(1000);
      const done = await waitFor(second.client, id, ['done'], 120_000);
      // Nothing skipped either: rows read twice would be skipped as duplicates of themselves.
      expect(done).toMatchObject({ created: rows, doneRows: rows, rejected: 0, skipped: 0, updated: 0 });
      const { rows: counts } = await (await import('kysely')).sql<{ n: string; d: string }>`SELECT count(*) AS n, count(DISTINCT email) AS d FROM contacts`.execute(second.crm.handle.db);
      expect(counts[0]).toEqual({ n: String(rows), d: String(rows) });
      // Every created record is in exactly one batch's audit entry: none lost, none twice.
      const { rows: audit } = await (await import('kysely')).sql<{ n: string; d: string }>`
        SELECT count(*) AS n, count(DISTINCT c) AS d FROM audit_log a, jsonb_array_elements_text(a.changes->'import'->'created') c
        WHERE a.object = 'contacts' AND a.action = 'import'`.execute(second.crm.handle.db);
      expect(audit[0]).toEqual({ n: String(rows), d: String(rows) });
    } finally {
      await first?.crm.close();
      await second?.crm.close();
      delete process.env.CRM_IMPORT_BATCH_ROWS;
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (url && schema) {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_boss" CASCADE`);
        await c.end();
      }
    }
  });
});
