import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';
import { waitFor } from './helpers/local-servers.js';

/** Web-to-lead: designing a form, the hosted page and embed, public submissions, spam guards, duplicates, assignment. */
process.env.AUTOMATION_SCAN_MS = '3600000';
process.env.CRM_WEB_FORM_RATE_LIMIT = '1000';

let t: TestCrm;
let form: any;
let customField: string;
const db = () => t.crm.handle.db;

/** A visitor's request: no session, from the given address. */
async function visit(method: 'GET' | 'POST' | 'OPTIONS', url: string, options: { body?: unknown; form?: Record<string, string>; ip?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = new URLSearchParams(options.form).toString();
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(options.body);
  }
  const res = await t.app.inject({ method, url, headers, payload, remoteAddress: options.ip ?? '203.0.113.7' });
  return { status: res.statusCode, headers: res.headers, text: res.body, json: () => JSON.parse(res.body) };
}
const submit = (body: unknown, ip?: string, headers?: Record<string, string>) => visit('POST', `/api/v1/public/forms/${form.token}/submissions`, { body, ip, headers });
const leadCount = async () => Number((await db().selectFrom('leads' as never).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow() as { n: string }).n);
const leadByName = async (name: string) => (await t.admin.client.list('leads', { filter: { field: 'name', op: 'eq', value: name } })).body.data[0];

beforeAll(async () => {
  t = await startTestCrm({ jobs: true });
  const field = await t.admin.client.post('/api/v1/meta/objects/leads/fields', { name: 'budget_range', label: { zh: '预算范围', en: 'Budget' }, type: 'select', options: [{ value: 'small', label: { zh: '10万以下', en: '< 100k' } }, { value: 'large', label: { zh: '10万以上', en: '> 100k' } }] });
  expect(field.status).toBe(201);
  customField = field.body.data.name;
});
afterAll(() => t?.close());

describe('designing a form', () => {
  it('lets an admin choose lead fields (custom ones too) with zh/en labels and required marks, and gives a page URL and embed snippet', async () => {
    const fields = (await t.admin.client.get('/api/v1/web-forms/fields')).body.data.map((f: any) => f.name);
    expect(fields).toEqual(expect.arrayContaining(['name', 'company', 'mobile', 'email', 'region', 'description', customField]));
    expect(fields).not.toContain('owner_id');
    expect(fields).not.toContain('utm_source');
    const res = await t.admin.client.post('/api/v1/web-forms', {
      name: '官网咨询表单',
      titleZh: '免费试用申请',
      titleEn: 'Request a trial',
      fields: [
        { field: 'name', labelZh: '您的姓名', labelEn: 'Your name', required: true },
        { field: 'company' },
        { field: 'mobile', required: true },
        { field: 'email' },
        { field: 'region' },
        { field: customField },
      ],
      thankYouZh: '提交成功，顾问将在 1 个工作日内联系您。',
      thankYouEn: 'Thanks, we will call you within one working day.',
    });
    expect(res.status).toBe(201);
    form = res.body.data;
    expect(form.token.length).toBeGreaterThan(16);
    expect(form.pageUrl).toMatch(new RegExp(`/f/${form.token}$`));
    expect(form.embedSnippet).toContain(`data-crm-form="${form.token}"`);
    expect(form.embedSnippet).toContain(`/f/${form.token}/embed.js`);
    expect(form.fields[1]).toEqual({ field: 'company', labelZh: '公司', labelEn: 'Company', required: false });
  });

  it('refuses bad designs naming the field, and non-administrators', async () => {
    const bad = await t.admin.client.post('/api/v1/web-forms', { name: 'x', fields: [{ field: 'name' }, { field: 'owner_id' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('fields.1.field');
    const noName = await t.admin.client.post('/api/v1/web-forms', { name: 'x', fields: [{ field: 'email' }] });
    expect(noName.body.error.details[0].path).toBe('fields');
    const badUrl = await t.admin.client.post('/api/v1/web-forms', { name: 'x', fields: [{ field: 'name' }], redirectUrl: 'javascript:alert(1)' });
    expect(badUrl.body.error.details[0].path).toBe('redirectUrl');
    const rep = await t.createUser({ role: 'sales_rep' });
    expect((await rep.client.post('/api/v1/web-forms', { name: 'x', fields: [{ field: 'name' }] })).status).toBe(403);
    expect((await rep.client.get('/api/v1/web-forms')).status).toBe(403);
  });
});

describe('the hosted page and the embed', () => {
  it('serves a plain HTML page without login, carrying the UTM parameters of its URL', async () => {
    const page = await visit('GET', `/f/${form.token}?utm_source=baidu&utm_campaign=spring`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('免费试用申请');
    expect(page.text).toContain('您的姓名');
    expect(page.text).toContain('10万以上');
    expect(page.text).toContain('name="utm_source" value="baidu"');
    expect(page.text).toContain(`action="/api/v1/public/forms/${form.token}/submissions"`);
    const en = await visit('GET', `/f/${form.token}?lang=en`);
    expect(en.text).toContain('Your name');
    expect((await visit('GET', '/f/not-a-real-token-123')).status).toBe(404);
  });

  it('serves an embed script that any origin can load', async () => {
    const js = await visit('GET', `/f/${form.token}/embed.js`);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.text).toContain(`/api/v1/public/forms/${form.token}/submissions`);
    expect(() => new Function(js.text)).not.toThrow();
  });

  it('answers CORS preflights and posts from other origins', async () => {
    const preflight = await visit('OPTIONS', `/api/v1/public/forms/${form.token}/submissions`, { headers: { origin: 'https://www.customer-site.cn', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    const res = await submit({ name: '跨域访客', mobile: '13900000001' }, undefined, { origin: 'https://www.customer-site.cn' });
    expect(res.status).toBe(201);
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('submissions', () => {
  it('creates a lead with source, UTM parameters, page and referrer, unassigned until a rule assigns it', async () => {
    const res = await submit({
      name: '赵敏', company: '明教科技', mobile: '13800138000', email: 'zhao.min@mingjiao.cn', region: '上海', [customField]: 'large',
      utm_source: 'baidu', utm_medium: 'cpc', utm_campaign: 'spring-2026', utm_term: 'crm软件', utm_content: 'ad-1',
      page_url: 'https://www.example.cn/pricing?utm_source=baidu', referrer: 'https://www.baidu.com/s?wd=crm',
    });
    expect(res.status).toBe(201);
    expect(res.json().data).toMatchObject({ received: true, messageZh: '提交成功，顾问将在 1 个工作日内联系您。', redirectUrl: null });
    const lead = await leadByName('赵敏');
    expect(lead).toMatchObject({
      company: '明教科技', source: 'website', region: { province: '上海市', city: '上海市', code: '3101' }, [customField]: 'large', status: 'new',
      utm_source: 'baidu', utm_medium: 'cpc', utm_campaign: 'spring-2026', utm_term: 'crm软件', utm_content: 'ad-1',
      landing_page: 'https://www.example.cn/pricing?utm_source=baidu', referrer: 'https://www.baidu.com/s?wd=crm', web_form: '官网咨询表单', owner_id: null,
    });
  });

  it('refuses bad submissions with a 4xx naming every field, and writes nothing', async () => {
    const before = await leadCount();
    const missing = await submit({ company: '无名公司' });
    expect(missing.status).toBe(400);
    expect(missing.json().error.details.map((d: any) => d.path)).toEqual(['name', 'mobile']);
    const badEmail = await submit({ name: '钱七', mobile: '13800000002', email: 'not-an-email' });
    expect(badEmail.status).toBe(400);
    expect(badEmail.json().error.details[0].path).toBe('email');
    const badChoice = await submit({ name: '钱七', mobile: '13800000002', [customField]: 'huge' });
    expect(badChoice.json().error.details[0].path).toBe(customField);
    const extra = await submit({ name: '钱七', mobile: '13800000002', owner_id: t.admin.id });
    expect(extra.status).toBe(400);
    expect(extra.json().error.details[0].path).toBe('owner_id');
    expect((await submit([1, 2])).status).toBe(400);
    expect(await leadCount()).toBe(before);
  });

  it('accepts form-encoded posts from the hosted page: thanks page, or the redirect', async () => {
    const res = await visit('POST', `/api/v1/public/forms/${form.token}/submissions`, { form: { name: '孙八', mobile: '13800000003', utm_source: 'wechat', lang: 'zh', hp_website: '' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('提交成功');
    expect(await leadByName('孙八')).toMatchObject({ utm_source: 'wechat', mobile: '13800000003' });
    const invalid = await visit('POST', `/api/v1/public/forms/${form.token}/submissions`, { form: { name: '', mobile: '13800000004' } });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('name: ');

    const put = await t.admin.client.request('PUT', `/api/v1/web-forms/${form.id}`, { name: form.name, fields: form.fields, redirectUrl: 'https://www.example.cn/thanks' });
    expect(put.status).toBe(200);
    const redirected = await visit('POST', `/api/v1/public/forms/${form.token}/submissions`, { form: { name: '周九', mobile: '13800000005' } });
    expect(redirected.status).toBe(303);
    expect(redirected.headers.location).toBe('https://www.example.cn/thanks');
    const json = await submit({ name: '吴十', mobile: '13800000006' });
    expect(json.json().data.redirectUrl).toBe('https://www.example.cn/thanks');
    await t.admin.client.request('PUT', `/api/v1/web-forms/${form.id}`, { name: form.name, fields: form.fields, thankYouZh: form.thankYouZh, thankYouEn: form.thankYouEn });
  });

  it('silently drops honeypot submissions', async () => {
    const before = await leadCount();
    const res = await submit({ name: 'Cheap Pills', mobile: 'not a phone', hp_website: 'http://spam.example' });
    expect(res.status).toBe(201);
    expect(res.json().data.received).toBe(true);
    expect(await leadCount()).toBe(before);
    const list = (await t.admin.client.get('/api/v1/web-forms')).body.data.find((f: any) => f.id === form.id);
    expect(list.submissions.spam).toBe(1);
  });

  it('rate-limits each IP address, counted in the database', async () => {
    process.env.CRM_WEB_FORM_RATE_LIMIT = '3';
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await submit({ name: `限流${i}`, mobile: `1370000000${i}` }, '198.51.100.9')).status);
      expect(statuses).toEqual([201, 201, 201, 429, 429]);
      const other = await submit({ name: '另一个访客', mobile: '13600000001' }, '198.51.100.10');
      expect(other.status).toBe(201);
      const refused = await submit({ name: '限流x', mobile: '13700000009' }, '198.51.100.9');
      expect(refused.json().error.message).toContain('at most 3');
    } finally {
      process.env.CRM_WEB_FORM_RATE_LIMIT = '1000';
    }
  });

  it('links a submission matching an existing lead or contact (normalised phone / e-mail) as a follow-up, no duplicate lead', async () => {
    const before = await leadCount();
    const again = await submit({ name: '赵敏', mobile: '+86 138-0013-8000', utm_source: 'google' });
    expect(again.status).toBe(201);
    expect(await leadCount()).toBe(before);
    const lead = await leadByName('赵敏');
    const follow = (await t.admin.client.list('activities', { filter: { field: 'lead_id', op: 'eq', value: lead.id } })).body.data;
    expect(follow).toHaveLength(1);
    expect(follow[0]).toMatchObject({ type: 'note', subject: '网站表单再次提交：官网咨询表单' });
    expect(follow[0].content).toContain('utm_source: google');

    const customer = await t.admin.client.create('customers', { name: '峨眉集团' });
    const contact = await t.admin.client.create('contacts', { name: '周芷若', email: 'Zhou.ZR@emei.cn', customer_id: customer.id });
    expect((await submit({ name: '周芷若', mobile: '13500000000', email: 'zhou.zr@EMEI.cn ' })).status).toBe(201);
    expect(await leadCount()).toBe(before);
    const linked = (await t.admin.client.list('activities', { filter: { field: 'contact_id', op: 'eq', value: contact.id } })).body.data;
    expect(linked).toHaveLength(1);
    expect(linked[0].customer_id).toBe(customer.id);
    const got = (await t.admin.client.get(`/api/v1/contacts/${contact.id}`)).body.data;
    expect(got.last_activity_at).not.toBeNull();
  });

  it('refuses submissions to a deactivated form', async () => {
    await t.admin.client.request('PUT', `/api/v1/web-forms/${form.id}`, { name: form.name, fields: form.fields, active: false });
    expect((await submit({ name: '关闭后', mobile: '13800000099' })).status).toBe(404);
    expect((await visit('GET', `/f/${form.token}`)).status).toBe(404);
    await t.admin.client.request('PUT', `/api/v1/web-forms/${form.id}`, { name: form.name, fields: form.fields, thankYouZh: form.thankYouZh, active: true });
  });
});

describe('assignment of form leads', () => {
  let a: TestUser;
  let b: TestUser;

  it('territory 北京 → the Beijing team, round-robin: three form leads from 北京 go A, B, A, each saying why', async () => {
    const team = await t.createTeam('北京团队');
    // Ids decide the rotation order; name the reps so that A is the first.
    const [u1, u2] = [await t.createUser({ role: 'sales_rep', teamId: team, name: 'rep1' }), await t.createUser({ role: 'sales_rep', teamId: team, name: 'rep2' })].sort((x, y) => (x.id < y.id ? -1 : 1));
    [a, b] = [u1, u2];
    await db().updateTable('users').set({ name: '张三' }).where('id', '=', a.id).execute();
    await db().updateTable('users').set({ name: '李四' }).where('id', '=', b.id).execute();
    expect((await t.admin.client.post('/api/v1/automation/territories', { field: 'region', value: '北京', teamId: team })).status).toBe(201);
    const rule = (await t.admin.client.get('/api/v1/automation/rules')).body.data.find((r: any) => r.builtinKey === 'lead_territory_assignment');
    expect((await t.admin.client.patch(`/api/v1/automation/rules/${rule.id}`, { enabled: true })).status).toBe(200);

    for (const [i, name] of ['北京一号', '北京二号', '北京三号'].entries()) {
      expect((await submit({ name, mobile: `1590000000${i}`, region: '北京' })).status).toBe(201);
      // One at a time, so the order of submission is the order of the rotation.
      await waitFor(async () => (await leadByName(name))?.owner_id, 20_000, `${name} assigned`);
    }
    const owners = await Promise.all(['北京一号', '北京二号', '北京三号'].map(async (n) => (await leadByName(n)).owner_id));
    expect(owners).toEqual([a.id, b.id, a.id]);
    const lead = await leadByName('北京二号');
    expect(lead.assignment_reason).toBe('地区 北京市 → 北京团队 → 轮流分配: 李四');
    // The rep now sees the lead, and its timeline shows the rule that assigned it.
    const seen = await b.client.get(`/api/v1/leads/${lead.id}?include=timeline`);
    expect(seen.status).toBe(200);
    expect(JSON.stringify(seen.body)).toContain('新线索按区域分配');
    // What the rule did reads in words (分配负责人：成功), not as `assign_owner: done`.
    const entry = seen.body.timeline.find((e: any) => e.source === 'automation');
    expect(entry.detail).toBe('分配负责人：成功');
  });
});

describe('the web_form.submitted event', () => {
  it('fires an inbound-event rule: a form submitted for a rep’s lead gives the rep a task, once', async () => {
    const territory = (await t.admin.client.get('/api/v1/automation/rules')).body.data.find((r: any) => r.builtinKey === 'lead_territory_assignment');
    await t.admin.client.patch(`/api/v1/automation/rules/${territory.id}`, { enabled: false });
    const rule = await t.admin.client.post('/api/v1/automation/rules', {
      name: '表单提交 → 负责人回访', object: 'leads', enabled: true,
      trigger: { kind: 'event', event: 'web_form.submitted' },
      actions: [{ type: 'create_task', title: '回访网站表单：{{name}}', assignee: { kind: 'owner' }, due: { amount: 1, unit: 'hours' } }],
    });
    expect(rule.status, rule.text).toBe(201);
    const rep = await t.createUser({ role: 'sales_rep', name: '表单回访人' });
    const lead = await rep.client.create('leads', { name: '欧阳锋', mobile: '15811112222' });
    expect((await submit({ name: '欧阳锋', mobile: '158 1111 2222' })).status).toBe(201);
    const tasks = async () => (await rep.client.list('tasks', { filter: { field: 'lead_id', op: 'eq', value: lead.id } })).body.data;
    const [task] = await waitFor(async () => ((await tasks()).length ? tasks() : undefined), 20_000, 'the task of the form rule');
    expect(task).toMatchObject({ title: '回访网站表单：欧阳锋', owner_id: rep.id });
    const runs = (await t.admin.client.get(`/api/v1/automation/runs?ruleId=${rule.body.data.id}`)).body.data;
    expect(runs).toHaveLength(1);
    expect(runs[0].event).toMatchObject({ topic: 'web_form.submitted', object: 'leads', recordId: lead.id, data: { formName: form.name, outcome: 'linked' } });
    // A spam submission stores nothing and emits nothing.
    const emitted = async () => (await db().selectFrom('outbox').select('id').where('topic', '=', 'web_form.submitted').execute()).length;
    const before = await emitted();
    expect((await submit({ name: '欧阳锋', mobile: '15811112222', hp_website: 'x' })).status).toBe(201);
    expect(await emitted()).toBe(before);
  });
});

describe('API documentation', () => {
  it('lists the public submission endpoint and the pool routes in the OpenAPI document', async () => {
    const doc = (await t.admin.client.get('/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/public/forms/{token}/submissions', '/api/v1/web-forms', '/api/v1/pool/{object}/{id}/claim']));
  });
});
